using Pipeline.Adapters.Ingest;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Figures;

/// <summary>The summary document of a period, assembled from the stored street aggregates of it and the month before, and its closing.</summary>
public sealed class SummaryReader(FiguresStore figures, SliceStore slices, IngestContext context, FigureSettings settings, TimeProvider clock)
{
    public async Task<SummaryDocument> ReadAsync(string period, string kind, CancellationToken cancellationToken)
    {
        var state = await figures.ReadDistrictAsync(period, cancellationToken);
        var current = await figures.ReadStreetsAsync(period, cancellationToken);
        var previous = await figures.ReadStreetsAsync(Periods.Previous(period), cancellationToken);
        var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
        // Community groups are pooled from community figures; without groups there is nothing to read them for.
        var communities = context.Registry.Groups.Count > 0 ? await figures.ReadCommunitiesAsync(period, cancellationToken) : [];
        return SummaryBuilder.Build(context.Registry, period, kind, state.Revision, clock.GetUtcNow(), current, previous, settings, closing, communities);
    }
}
