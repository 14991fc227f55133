using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// What one read of one file may still spend: reading time that grows with the file's size from a floor (the time the
/// reader itself runs, not the time its caller spends on the rows it hands out), and the counts of
/// <see cref="SpreadsheetLimits"/>. Every loop whose count the file controls ticks it, the parsers' inner loops included,
/// so a file that would run long is stopped where it runs (<c>file.too-slow</c>) and one that would grow large is
/// refused when a count passes its limit (<c>file.too-complex</c>).
/// </summary>
internal sealed class ReadBudget
{
    /// <summary>The clock is read once every so many ticks: a tick is a step of an inner loop and must cost next to nothing.</summary>
    private const int TicksPerClockRead = 4096;

    private readonly TimeProvider clock;
    private readonly long maxTimestampTicks;
    private long spent;
    private long? runningSince;
    private int ticks;

    public ReadBudget(string file, long fileBytes, SpreadsheetLimits limits, TimeProvider clock)
    {
        File = file;
        Limits = limits;
        this.clock = clock;
        MaxTime = limits.ReadTime(fileBytes);
        maxTimestampTicks = (long)(MaxTime.TotalSeconds * clock.TimestampFrequency);
        runningSince = clock.GetTimestamp();
    }

    public string File { get; }

    public SpreadsheetLimits Limits { get; }

    public TimeSpan MaxTime { get; }

    /// <summary>One step of a loop the file controls.</summary>
    public void Tick()
    {
        if (++ticks >= TicksPerClockRead)
        {
            ticks = 0;
            CheckTime();
        }
    }

    /// <summary>
    /// The reader hands a row to its caller: what the caller does with it (staging rows to storage, checking them) is
    /// not the file's cost, so the clock stops until <see cref="Resume"/>.
    /// </summary>
    public void Pause()
    {
        if (runningSince is { } since)
        {
            spent += clock.GetTimestamp() - since;
            runningSince = null;
        }
    }

    /// <summary>The reader works again: refused at once if it has already spent its time.</summary>
    public void Resume()
    {
        if (runningSince is null)
        {
            Over(spent);
            runningSince = clock.GetTimestamp();
        }
    }

    /// <summary>Checks the deadline now: before and after work the budget cannot tick inside.</summary>
    public void CheckTime() => Over(spent + (runningSince is { } since ? clock.GetTimestamp() - since : 0));

    private void Over(long total)
    {
        if (total > maxTimestampTicks)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooSlow(File, MaxTime));
        }
    }

    /// <summary>Refuses the file once <paramref name="count"/> passes <paramref name="max"/>.</summary>
    public void Count(long count, long max, SpreadsheetLimit limit, string? sheet = null, int? row = null)
    {
        if (count > max)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooComplex(File, sheet, row, limit, max));
        }
    }
}
