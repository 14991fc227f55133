using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Model;

namespace Pipeline.Core.Summary;

/// <summary>Builds a period's trend from the stored street aggregates of it and the eleven periods before.</summary>
public static class TrendBuilder
{
    /// <summary>The periods a trend of <paramref name="period"/> spans, oldest first.</summary>
    public static IReadOnlyList<string> PeriodsOf(string period)
    {
        var periods = new List<string> { period };
        while (periods.Count < TrendDocument.Length)
        {
            periods.Insert(0, Model.Periods.Previous(periods[0]));
        }

        return periods;
    }

    public static TrendDocument Build(
        DivisionRegistry registry, string period, IReadOnlyDictionary<string, IReadOnlyDictionary<string, StreetAggregate>> aggregatesByPeriod, FigureSettings settings)
    {
        var periods = PeriodsOf(period);
        var summaries = periods.Select(p => SummaryBuilder.Build(registry, p, SummaryDocument.Monthly, 0, DateTimeOffset.UnixEpoch,
            aggregatesByPeriod.GetValueOrDefault(p) ?? new Dictionary<string, StreetAggregate>(), new Dictionary<string, StreetAggregate>(), settings)).ToList();
        var district = new TrendSeries(registry.DistrictCode, registry.DistrictName,
            Series(summaries.Select(s => (s.District.Property, s.District.Appeals)).ToList()));
        var streets = registry.Streets.Select(street =>
        {
            var own = summaries.Select(s => s.Streets.Single(x => x.Code == street.Code)).ToList();
            return new StreetTrend(street.Code, street.Name, [.. own.Select(s => s.Rank)], Series([.. own.Select(s => (s.Property, s.Appeals))]));
        }).ToList();
        return new TrendDocument(TrendDocument.SchemaName, period, periods, district, streets);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<double?>> Series(IReadOnlyList<(PropertySummary? Property, AppealSummary? Appeals)> figures) =>
        Indicators.All.ToDictionary(i => i, i => (IReadOnlyList<double?>)[.. figures.Select(f => SummaryBuilder.Value(i, f.Property, f.Appeals))]);
}
