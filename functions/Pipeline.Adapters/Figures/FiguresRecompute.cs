using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Concurrency;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Closing;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Figures;

/// <summary>
/// Recomputes figures incrementally: a touched street from its own current rows, then the district from the stored
/// street aggregates (22 rows), never from every row of every street. Every write is ETag-conditional and retried
/// on conflict, each writer reading before it computes, so concurrent ingests never lose an update.
/// </summary>
public sealed class FiguresRecompute(SliceStore slices, FiguresStore figures, CatalogStore catalogs, ILogger<FiguresRecompute> logger)
{
    private const int MaxAttempts = 50;

    private readonly Coalescer<DistrictState> _district = new();

    /// <summary>Recomputes the streets of <paramref name="touched"/> and their periods' district state.</summary>
    public async Task<IReadOnlyList<DistrictState>> RecomputeAsync(IEnumerable<SliceKey> touched, CancellationToken cancellationToken)
    {
        var streets = touched.Select(s => (s.Period, s.StreetCode)).Distinct().Order().ToList();
        foreach (var (period, street) in streets)
        {
            await RecomputeStreetAsync(period, street, cancellationToken);
        }

        var states = new List<DistrictState>();
        var periods = streets.Select(s => s.Period).Distinct().ToList();
        foreach (var period in periods)
        {
            states.Add(await RecomputeDistrictAsync(period, cancellationToken));
        }

        // The next period's summary shows these as its previous period: it moves on too, when it has data.
        foreach (var next in periods.Select(p => Periods.Add(p, 1)).Except(periods).Distinct())
        {
            if ((await slices.ReadManifestAsync(next, cancellationToken)).Current.Count > 0)
            {
                states.Add(await RecomputeDistrictAsync(next, cancellationToken));
            }
        }

        return states;
    }

    /// <summary>Every street with data in <paramref name="period"/> (every period when null), from stored rows.</summary>
    public async Task<IReadOnlyList<DistrictState>> RecomputeAllAsync(string? period, CancellationToken cancellationToken)
    {
        var periods = period is null ? await slices.PeriodsAsync(cancellationToken) : [period];
        var touched = new List<SliceKey>();
        foreach (var p in periods)
        {
            touched.AddRange((await slices.ReadManifestAsync(p, cancellationToken)).Current.Keys);
        }

        return await RecomputeAsync(touched, cancellationToken);
    }

    /// <summary>True when the street's figures changed.</summary>
    public async Task<bool> RecomputeStreetAsync(string period, string street, CancellationToken cancellationToken)
    {
        // Every form of the catalog in force for the period, in its order (which names a community as the roster does); read once, not per attempt.
        var catalog = await catalogs.ForAsync(period, null, cancellationToken);
        var forms = catalog.Catalog.Forms.Select(f => f.Code).ToList();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (stored, etag) = await figures.ReadStreetAsync(period, street, cancellationToken);
            var (current, manifest) = await slices.ReadCurrentAsync([.. forms.Select(form => new SliceKey(form, period, street))], cancellationToken);
            if (manifest.Closing.IsClosed)
            {
                // Official figures stay as issued, whatever the catalog says now, until the period is reopened.
                return false;
            }

            var rows = forms.SelectMany(form => current.Where(c => c.Key.Form == form).SelectMany(c => c.Value.Select(e => RecordEntities.FromEntity(form, e, catalog)))).ToList();
            var (aggregate, communities) = StreetAggregate.Compute(street, rows, catalog);
            var json = FiguresStore.Serialize(aggregate);
            if (json == stored)
            {
                return false;
            }

            await figures.WriteCommunitiesAsync(period, street, communities, cancellationToken);
            if (await figures.TryWriteStreetAsync(period, street, json, etag, cancellationToken))
            {
                logger.LogInformation("Figures of {Street} for {Period} recomputed", street, period);
                return true;
            }
        }

        throw new InvalidOperationException($"The figures of {street} for {period} kept changing; the recompute will be retried.");
    }

    /// <summary>
    /// Moves the period's revision on when its street aggregates changed; returns the state either way. Side by side
    /// requests in this process share one run that starts after they asked, so a burst of uploads does not race.
    /// </summary>
    public Task<DistrictState> RecomputeDistrictAsync(string period, CancellationToken cancellationToken) =>
        _district.RunAsync(period, () => RecomputeDistrictNowAsync(period, cancellationToken), cancellationToken);

    private async Task<DistrictState> RecomputeDistrictNowAsync(string period, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // The district row is read before the streets: a street written after this read is followed by its own
            // writer's district update, which then conflicts with or follows this one.
            var state = await figures.ReadDistrictAsync(period, cancellationToken);
            var streets = await figures.ReadStreetsAsync(period, cancellationToken);
            // A close or a reopen moves the revision on as well: the published standing changed. So does a change of
            // the previous period, which the summary shows beside these figures, unless this period is closed.
            var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
            var previous = closing.IsClosed ? null : await figures.ReadStreetsAsync(Periods.Previous(period), cancellationToken);
            var digest = Digest(streets, previous, closing);
            if (digest == state.Digest)
            {
                return state;
            }

            var next = state with { Revision = state.Revision + 1, Digest = digest };
            if (await figures.TryWriteDistrictAsync(next, state.ETag, cancellationToken))
            {
                logger.LogInformation("Figures of {Period} now at revision {Revision}", period, next.Revision);
                return await figures.ReadDistrictAsync(period, cancellationToken);
            }
        }

        throw new InvalidOperationException($"The district figures for {period} kept changing; the recompute will be retried.");
    }

    private static string Digest(IReadOnlyDictionary<string, StreetAggregate> streets, IReadOnlyDictionary<string, StreetAggregate>? previous, PeriodClosing closing)
    {
        static string Lines(IReadOnlyDictionary<string, StreetAggregate> aggregates, string prefix) =>
            string.Join('\n', aggregates.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{prefix}{s.Key}={FiguresStore.Serialize(s.Value)}"));
        var text = Lines(streets, "");
        text += previous is { Count: > 0 } ? "\n" + Lines(previous, "previous:") : "";
        text += closing.Step == 0 ? "" : $"\nclosing={closing.Step}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
