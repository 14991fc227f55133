using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Figures;

/// <summary>
/// A period's trend, from the stored street aggregates of the twelve periods up to it, each valued by the catalog
/// version it is read with (the one it was closed with, if it is closed).
/// </summary>
public sealed class TrendReader(FiguresStore figures, SliceStore slices, CatalogStore catalogs, IngestContext context)
{
    public async Task<TrendDocument> ReadAsync(string period, CancellationToken cancellationToken)
    {
        var periods = TrendBuilder.PeriodsOf(period);
        var aggregates = await Task.WhenAll(periods.Select(p => figures.ReadStreetsAsync(p, cancellationToken)));
        var manifests = await Task.WhenAll(periods.Select(p => slices.ReadManifestAsync(p, cancellationToken)));
        var compiled = await catalogs.ForAsync([.. periods.Zip(manifests, (p, m) => (p, m.Closing.ClosedWithCatalog))], cancellationToken);
        return TrendBuilder.Build(context.Registry, period,
            periods.Select((p, i) => (p, new TrendPeriod(aggregates[i], compiled[i]))).ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal));
    }
}
