using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Figures;

/// <summary>The summary document of a period, assembled from the stored street aggregates of it and the month before.</summary>
public sealed class SummaryReader(FiguresStore figures, IngestContext context, FigureSettings settings, TimeProvider clock)
{
    public async Task<SummaryDocument> ReadAsync(string period, string kind, CancellationToken cancellationToken)
    {
        var state = await figures.ReadDistrictAsync(period, cancellationToken);
        var current = await figures.ReadStreetsAsync(period, cancellationToken);
        var previous = await figures.ReadStreetsAsync(Periods.Previous(period), cancellationToken);
        return SummaryBuilder.Build(context.Registry, period, kind, state.Revision, clock.GetUtcNow(), current, previous, settings);
    }
}
