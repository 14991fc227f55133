using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Figures;

/// <summary>A period's trend, from the stored street aggregates of the twelve periods up to it.</summary>
public sealed class TrendReader(FiguresStore figures, IngestContext context, FigureSettings settings)
{
    public async Task<TrendDocument> ReadAsync(string period, CancellationToken cancellationToken)
    {
        var periods = TrendBuilder.PeriodsOf(period);
        var aggregates = await Task.WhenAll(periods.Select(p => figures.ReadStreetsAsync(p, cancellationToken)));
        return TrendBuilder.Build(context.Registry, period, periods.Zip(aggregates).ToDictionary(x => x.First, x => x.Second), settings);
    }
}
