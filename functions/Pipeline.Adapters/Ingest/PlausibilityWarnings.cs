using Pipeline.Adapters.Figures;
using Pipeline.Core.Figures;
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
            var stored = await figures.ReadStreetsAsync(before, cancellationToken);
            // A street that began this month is compared with the streets it came from, as the summary shows it.
            var registry = context.Registry.History?.In(period) ?? context.Registry;
            var streets = PreviousStreets.Of(registry, period, stored);
            foreach (var street in inspection.Slices.Where(s => s.Period == period).Select(s => s.StreetCode).Distinct())
            {
                if (streets.TryGetValue(street, out var aggregate))
                {
                    var began = stored.ContainsKey(street) ? null : registry.History?.Streets.FirstOrDefault(u => u.Code == street && u.From == period);
                    IReadOnlyList<string> sources = began is null ? [street] : PreviousStreets.PooledFrom(registry.History!, began, stored);
                    var communities = new List<CommunityFigures>();
                    foreach (var source in sources)
                    {
                        communities.AddRange(await figures.ReadCommunitiesAsync(before, source, cancellationToken));
                    }

                    previous[(period, street)] = new PreviousStreet(aggregate, communities);
                }
            }
        }

        return PlausibilityCheck.Warnings(observed, file, inspection.Sheet, (period, street) => previous.GetValueOrDefault((period, street)),
            context.Catalog, context.Registry);
    }
}
