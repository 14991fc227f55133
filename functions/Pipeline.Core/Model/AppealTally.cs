namespace Pipeline.Core.Model;

/// <summary>Appeal-handling counts; the same shape whether read from a counts sheet or tallied from tickets.</summary>
public sealed record AppealTally(long Received, long ValidVisits, long Contacted, long Resolved, long Satisfied, long BasicSatisfied, long Unsatisfied)
{
    public static readonly AppealTally Zero = new(0, 0, 0, 0, 0, 0, 0);

    public static AppealTally operator +(AppealTally a, AppealTally b) => new(
        a.Received + b.Received, a.ValidVisits + b.ValidVisits, a.Contacted + b.Contacted, a.Resolved + b.Resolved,
        a.Satisfied + b.Satisfied, a.BasicSatisfied + b.BasicSatisfied, a.Unsatisfied + b.Unsatisfied);
}
