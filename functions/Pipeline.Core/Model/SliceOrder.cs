namespace Pipeline.Core.Model;

/// <summary>Slices in a stable order: period, form, street.</summary>
public sealed class SliceOrder : IComparer<SliceKey>
{
    public static readonly SliceOrder Instance = new();

    public int Compare(SliceKey x, SliceKey y) =>
        string.CompareOrdinal(x.Period, y.Period) is not 0 and var byPeriod ? byPeriod
        : string.CompareOrdinal(x.Form, y.Form) is not 0 and var byForm ? byForm
        : string.CompareOrdinal(x.StreetCode, y.StreetCode);
}
