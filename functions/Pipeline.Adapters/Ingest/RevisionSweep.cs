using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;

namespace Pipeline.Adapters.Ingest;

/// <summary>What a sweep removed: staged revisions no manifest names, and their rows.</summary>
public sealed record SweepResult(int Revisions, int Rows);

/// <summary>
/// Removes revisions a killed or failed run left behind: staged ones that no manifest names and that are older than
/// the grace period (a live ingest switches its revisions in long before), found through the staging journal.
/// </summary>
public sealed class RevisionSweep(SliceStore slices, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<RevisionSweep> logger)
{
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.SweepGraceHours);
        var journal = await slices.JournalAsync(cancellationToken).Where(j => j.StagedAt < cutoff).ToListAsync(cancellationToken);
        // Read after the journal: a revision switched in meanwhile is then seen as current.
        var current = (await slices.ReadManifestsAsync(cancellationToken))
            .SelectMany(m => m.Current.Select(c => SliceStore.PartitionOf(c.Key, c.Value.Revision)))
            .ToHashSet(StringComparer.Ordinal);
        var revisions = 0;
        var rows = 0;
        foreach (var (partition, _) in journal.Where(j => !current.Contains(j.Partition)))
        {
            rows += await slices.DeletePartitionAsync(partition, cancellationToken);
            revisions++;
        }

        if (revisions > 0)
        {
            logger.LogWarning("Swept {Revisions} unreachable revision(s) with {Rows} row(s) left by interrupted runs", revisions, rows);
        }

        return new SweepResult(revisions, rows);
    }
}
