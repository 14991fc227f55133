using System.Diagnostics.Metrics;
using Pipeline.Core.Ingest;

namespace Pipeline.Adapters.Telemetry;

/// <summary>
/// The one home of the app's metrics: the <c>Pipeline</c> meter, its instruments' names and tags, and where their
/// values come from. Nothing is sent unless something listens (the functions app's exporter, a test's listener).
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "Pipeline";
    public const string Files = "pipeline.files";
    public const string RowsIngested = "pipeline.rows.ingested";
    public const string IngestDuration = "pipeline.ingest.duration";
    public const string OutboxDepth = "pipeline.outbox.depth";
    public const string KindTag = "kind";
    public const string StatusTag = "status";

    /// <summary>The kind tag of a file whose sheet could not be recognised.</summary>
    public const string UnknownKind = "unknown";

    private readonly Counter<long> _files;
    private readonly Counter<long> _rows;
    private readonly Histogram<double> _duration;

    // -1: no flush seen yet, so the gauge reports nothing rather than a made-up zero.
    private long _outboxDepth = -1;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _files = meter.CreateCounter<long>(Files, "{file}", "Uploads given a verdict, by sheet kind and status");
        _rows = meter.CreateCounter<long>(RowsIngested, "{row}", "Rows of accepted uploads, by sheet kind");
        _duration = meter.CreateHistogram<double>(IngestDuration, "s", "Time from reading an upload to its verdict",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        meter.CreateObservableGauge(OutboxDepth, ObserveOutboxDepth, "{summary}", "Summaries waiting in the outbox at this instance's last flush");
    }

    /// <summary>
    /// One upload's verdict, recorded where it was written. A redelivery that found the verdict already written
    /// changes nothing and records nothing, so each upload counts once.
    /// </summary>
    public void Verdict(Receipt receipt, TimeSpan duration)
    {
        var kind = new KeyValuePair<string, object?>(KindTag, KindOf(receipt));
        var status = new KeyValuePair<string, object?>(StatusTag, StatusOf(receipt));
        _files.Add(1, kind, status);
        _duration.Record(duration.TotalSeconds, kind, status);
        if (receipt.Status == ReceiptStatus.Accepted)
        {
            _rows.Add(receipt.Rows, kind);
        }
    }

    /// <summary>What an outbox flush left pending.</summary>
    public void OutboxLeft(int pending) => Interlocked.Exchange(ref _outboxDepth, pending);

    public static string KindOf(Receipt receipt) => receipt.Form ?? UnknownKind;

    /// <summary>accepted, rejected, superseded or refused-closed (rejected only because a period it states is closed).</summary>
    public static string StatusOf(Receipt receipt) => receipt switch
    {
        { Status: ReceiptStatus.Rejected, RefusedClosed: true } => "refused-closed",
        _ => receipt.Status.ToString().ToLowerInvariant(),
    };

    private IEnumerable<Measurement<long>> ObserveOutboxDepth() =>
        Interlocked.Read(ref _outboxDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : [];
}
