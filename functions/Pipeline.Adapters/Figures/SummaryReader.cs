using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Figures;

/// <summary>
/// The summary documents of a period, assembled from the stored street aggregates of it and the month before, its
/// community figures and its closing: v2, and v3 computed by the form catalog.
/// </summary>
public sealed class SummaryReader(FiguresStore figures, SliceStore slices, DivisionStore divisions, CatalogStore catalogs, TimeProvider clock)
{
    public async Task<SummaryDocument> ReadAsync(string period, string kind, CancellationToken cancellationToken)
    {
        var state = await figures.ReadDistrictAsync(period, cancellationToken);
        var current = await figures.ReadStreetsAsync(period, cancellationToken);
        var previous = await figures.ReadStreetsAsync(Periods.Previous(period), cancellationToken);
        var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
        // The streets and groups in force for the period: as it was closed, else as the registry in force says now.
        var registry = await divisions.ForAsync(period, closing.ClosedWithDivisions, cancellationToken);
        // Community groups are pooled from community figures; without groups there is nothing to read them for.
        var communities = registry.Groups.Count > 0 ? await figures.ReadCommunitiesAsync(period, cancellationToken) : [];
        var catalog = await catalogs.ForAsync(period, closing.ClosedWithCatalog, cancellationToken);
        return SummaryBuilder.Build(registry, period, kind, state.Revision, clock.GetUtcNow(), current, previous, catalog, closing, communities);
    }

    /// <summary>Both versions of the period's summary, from one reading of its figures, so they speak of the same revision.</summary>
    public async Task<(SummaryDocument V2, FiguresSummary V3)> ReadVersionsAsync(string period, string kind, CancellationToken cancellationToken)
    {
        var state = await figures.ReadDistrictAsync(period, cancellationToken);
        var current = await figures.ReadStreetsAsync(period, cancellationToken);
        var previous = await figures.ReadStreetsAsync(Periods.Previous(period), cancellationToken);
        var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
        var communities = await figures.ReadCommunitiesAsync(period, cancellationToken);
        // A closed period keeps the catalog and registry it was closed with; an open one is read with the versions in force for it.
        var registry = await divisions.ForAsync(period, closing.ClosedWithDivisions, cancellationToken);
        var catalog = await catalogs.ForAsync(period, closing.ClosedWithCatalog, cancellationToken);
        var at = clock.GetUtcNow();
        return (SummaryBuilder.Build(registry, period, kind, state.Revision, at, current, previous, catalog, closing, communities),
            FiguresSummaryBuilder.Build(registry, period, kind, state.Revision, at, closing, catalog,
                [.. communities.Select(c => (c, LegacyMeasures.Of(c)))]));
    }
}
