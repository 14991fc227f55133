using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Telemetry;
using Pipeline.Core.Ingest;
using Pipeline.Functions.Telemetry;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Telemetry;

/// <summary>What the pipeline's meter records for real uploads, read with a listener on this harness's meter only.</summary>
public sealed class PipelineMetricsTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_accepted_and_a_rejected_upload_count_once_each_by_kind_and_status_with_rows_durations_and_the_outbox_depth()
    {
        await using var harness = new PipelineHarness(storage);
        using var measurements = new Measurements(harness.Services.GetRequiredService<IMeterFactory>());

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,枣园小区,是,专业物业,业委会,是", "清源街道,枣园社区,康庄小区,否,,无,是"));
        await harness.UploadAndProcessAsync($"2020-12/{Guid.NewGuid():N}/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,枣园小区,也许,专业物业,业委会,是"));

        Assert.Equal([("CompoundRoster", "accepted", 1L), ("CompoundRoster", "rejected", 1L)],
            measurements.Of(PipelineMetrics.Files).Select(m => (m.Tag("kind"), m.Tag("status"), (long)m.Value)).Order());
        var rows = Assert.Single(measurements.Of(PipelineMetrics.RowsIngested));
        Assert.Equal(("CompoundRoster", 2.0), (rows.Tag("kind"), rows.Value));
        var durations = measurements.Of(PipelineMetrics.IngestDuration);
        Assert.Equal(["accepted", "rejected"], durations.Select(d => d.Tag("status")).Order());
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-6, 60));
        // Nothing listens on the harness's Service Bus: the period's summary waits in the outbox, as v2 and v3.
        Assert.Equal(2.0, measurements.OutboxDepth());
    }

    [Fact]
    public async Task A_redelivered_upload_that_changes_nothing_records_nothing()
    {
        await using var harness = new PipelineHarness(storage);
        using var measurements = new Measurements(harness.Services.GetRequiredService<IMeterFactory>());
        const string path = "2020-12/清源街道.csv";
        await harness.UploadAndProcessAsync(path, Csv(RosterHeader, "清源街道,枣园社区,枣园小区,是,专业物业,业委会,是"));

        var again = await harness.Processing.ProcessAsync(path, cancellationToken: Ct);

        Assert.True(again.Ingest.Repeated);
        Assert.Equal(1L, measurements.Of(PipelineMetrics.Files).Sum(m => (long)m.Value));
        Assert.Equal(1.0, measurements.Of(PipelineMetrics.RowsIngested).Sum(m => m.Value));
        Assert.Single(measurements.Of(PipelineMetrics.IngestDuration));
    }

    [Fact]
    public void A_file_refused_only_for_a_closed_period_has_a_status_of_its_own_and_an_unrecognised_one_kind_unknown()
    {
        var rejected = new Receipt("2020-12/x.csv", "hash", null, null, [], [], 0, ReceiptStatus.Rejected, 1, DateTimeOffset.UnixEpoch);

        Assert.Equal(("unknown", "rejected"), (PipelineMetrics.KindOf(rejected), PipelineMetrics.StatusOf(rejected)));
        Assert.Equal("refused-closed", PipelineMetrics.StatusOf(rejected with { RefusedClosed = true }));
        Assert.Equal("superseded", PipelineMetrics.StatusOf(rejected with { Status = ReceiptStatus.Superseded }));
    }

    [Fact]
    public void The_exporter_signs_in_with_the_managed_identity_the_authentication_setting_names_and_refuses_any_other_form()
    {
        Assert.Null(TelemetryRegistration.Credential(null));
        Assert.IsType<ManagedIdentityCredential>(TelemetryRegistration.Credential($"ClientId={Guid.NewGuid()};Authorization=AAD"));
        var failure = Assert.Throws<InvalidOperationException>(() => TelemetryRegistration.Credential("Authorization=Key"));
        Assert.Contains(TelemetryRegistration.AuthenticationSetting, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>One measurement of a Pipeline instrument, with its tags.</summary>
    private sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Tag(string name) => Tags.GetValueOrDefault(name)?.ToString();
    }

    /// <summary>Listens to the Pipeline meter of one service provider (its meter factory), so tests side by side do not mix.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measured> _measured = new();

        public Measurements(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public List<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

        public double? OutboxDepth()
        {
            _listener.RecordObservableInstruments();
            return Of(PipelineMetrics.OutboxDepth).LastOrDefault()?.Value;
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _measured.Enqueue(new Measured(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

        public void Dispose() => _listener.Dispose();
    }
}
