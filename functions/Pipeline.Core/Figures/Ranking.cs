namespace Pipeline.Core.Figures;

/// <summary>The one ranking rule: streets with a score, by score descending, ties by code ascending, ranked from 1; a street without a score has no rank.</summary>
public static class Ranking
{
    public static IReadOnlyDictionary<string, int> Of(IEnumerable<(string Code, double? Score)> scores) =>
        scores.Where(s => s.Score is not null)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select((s, i) => (s.Code, Rank: i + 1))
            .ToDictionary(s => s.Code, s => s.Rank, StringComparer.Ordinal);
}
