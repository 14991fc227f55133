using Pipeline.Adapters.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Plausibility;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>The plausibility warnings of a clean file: its observations against the stored figures of the previous period.</summary>
public sealed class PlausibilityWarnings(FiguresStore figures)
{
    public async Task<IReadOnlyList<Finding>> CheckAsync(UploadInspection inspection, string file, IngestContext context, CancellationToken cancellationToken)
    {
        if (inspection.Observed is not { } observed)
        {
            return [];
        }

        var previous = new Dictionary<(string Period, string Street), PreviousStreet>();
        foreach (var period in inspection.Periods)
        {
            var before = Periods.Previous(period);
            var streets = await figures.ReadStreetsAsync(before, cancellationToken);
            foreach (var street in inspection.Slices.Where(s => s.Period == period).Select(s => s.StreetCode).Distinct())
            {
                if (streets.TryGetValue(street, out var aggregate))
                {
                    previous[(period, street)] = new PreviousStreet(aggregate, await figures.ReadCommunitiesAsync(before, street, cancellationToken));
                }
            }
        }

        return PlausibilityCheck.Warnings(observed, file, inspection.Sheet, (period, street) => previous.GetValueOrDefault((period, street)),
            context.Catalog, context.Registry);
    }
}
