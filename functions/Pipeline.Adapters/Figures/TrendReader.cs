using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Figures;

/// <summary>
/// A period's trend, from the stored street aggregates of the twelve periods up to it, each valued by the catalog
/// version and with the divisions it is read with (those it was closed with, if it is closed).
/// </summary>
public sealed class TrendReader(FiguresStore figures, SliceStore slices, CatalogStore catalogs, DivisionStore divisions)
{
    public async Task<TrendDocument> ReadAsync(string period, CancellationToken cancellationToken)
    {
        var periods = TrendBuilder.PeriodsOf(period);
        var aggregates = await Task.WhenAll(periods.Select(p => figures.ReadStreetsAsync(p, cancellationToken)));
        var manifests = await Task.WhenAll(periods.Select(p => slices.ReadManifestAsync(p, cancellationToken)));
        var compiled = await catalogs.ForAsync([.. periods.Zip(manifests, (p, m) => (p, m.Closing.ClosedWithCatalog))], cancellationToken);
        var registries = await divisions.ForAsync([.. periods.Zip(manifests, (p, m) => (p, m.Closing.ClosedWithDivisions))], cancellationToken);
        return TrendBuilder.Build(registries[^1], period, periods.Select((p, i) => (p, new TrendPeriod(aggregates[i], compiled[i]) { Registry = registries[i] }))
            .ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal));
    }
}
