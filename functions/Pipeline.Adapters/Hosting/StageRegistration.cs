using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Closing;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Forms;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Submissions;
using Pipeline.Core.Plausibility;
using Pipeline.Adapters.Submissions;
using Pipeline.Adapters.Telemetry;

namespace Pipeline.Adapters.Hosting;

public static class StageRegistration
{
    /// <summary>The stages the blob function and the CLI share: ingest (storage layout, receipts) and figures.</summary>
    public static IServiceCollection AddPipelineStages(this IServiceCollection services) =>
        services
            .AddMetrics()
            .AddSingleton<PipelineMetrics>()
            .AddSingleton<PipelineStorage>()
            .AddSingleton<SliceStore>()
            .AddSingleton<ReceiptStore>()
            .AddSingleton<RevisionStager>()
            .AddSingleton<PeriodSwitcher>()
            .AddSingleton<FindingsWriter>()
            .AddSingleton<PlausibilityWarnings>()
            .AddSingleton<UploadIngestion>()
            .AddSingleton<FiguresStore>()
            .AddSingleton<FiguresRecompute>()
            .AddSingleton<SummaryReader>()
            .AddSingleton<TrendReader>()
            .AddSingleton<ReportWriter>()
            .AddSingleton<UploadProcessing>()
            .AddSingleton<SummaryOutbox>()
            .AddSingleton<SummaryPublisher>()
            .AddSingleton<SummaryPublishing>()
            .AddSingleton<OfficialVersions>()
            .AddSingleton<PeriodCloser>()
            .AddSingleton<RevisionSweep>()
            .AddSingleton<SubmissionsReader>()
            .AddSingleton<StatusWriter>()
            .AddSingleton<NoticePublisher>()
            .AddSingleton<CatalogStore>()
            .AddSingleton<CatalogIntake>()
            .AddSingleton<ReferenceIntake>()
            .AddSingleton<DivisionStore>()
            .AddSingleton<DivisionIntake>()
            .AddSingleton<SubmissionReturns>()
            .AddSingleton<CorrectionDismissals>()
            .AddSingleton(provider => provider.GetRequiredService<IOptions<PipelineOptions>>().Value is var o
                ? SubmissionRules.Of(Core.Forms.FormCatalogs.Builtin, o.SubmissionDeadlineDay)
                : SubmissionRules.Default)
            .AddSingleton<OrderedUploads>()
            .AddSingleton<DailyRun>()
            .AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>()
                .CreateSender(provider.GetRequiredService<IOptions<PipelineOptions>>().Value.SummaryEntity))
            .AddSingleton(provider => CreateContext(provider.GetRequiredService<IOptions<PipelineOptions>>().Value));

    public static IngestContext CreateContext(PipelineOptions options) => new(
        LoadRegistry(options),
        IngestRules.Default with
        {
            RequireOwnerFolder = options.RequireOwnerFolder, MonthsAhead = options.MonthsAhead,
        },
        SpreadsheetLimits.Default with { MaxFileBytes = options.MaxUploadMegabytes * 1024L * 1024, MaxRows = options.MaxRows })
    {
        Divisions = LoadDivisions(options),
    };

    /// <summary>The divisions over time, from the registry file when set (checked as <c>pipeline divisions check</c> does), else the shipped ones.</summary>
    private static DivisionHistory LoadDivisions(PipelineOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RegistryFile))
        {
            return DivisionHistory.Builtin(options.DistrictCode)
                ?? throw new InvalidOperationException(
                    $"No division registry ships for district {options.DistrictCode}: set 'Pipeline__RegistryFile' to a registry JSON file.");
        }

        var (history, problems) = DivisionHistory.Read(File.ReadAllText(options.RegistryFile), Path.GetFileName(options.RegistryFile));
        return history ?? throw new InvalidOperationException($"Setting 'Pipeline__RegistryFile' ({options.RegistryFile}): {problems[0]}");
    }

    private static DivisionRegistry LoadRegistry(PipelineOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.RegistryFile))
        {
            var registry = DivisionRegistry.Parse(File.ReadAllText(options.RegistryFile));
            return registry.DistrictCode == options.DistrictCode
                ? registry
                : throw new InvalidOperationException(
                    $"Setting 'Pipeline__RegistryFile' is for district {registry.DistrictCode}, but 'Pipeline__DistrictCode' is {options.DistrictCode}.");
        }

        return DivisionRegistry.Builtin(options.DistrictCode)
            ?? throw new InvalidOperationException(
                $"No division registry ships for district {options.DistrictCode}: set 'Pipeline__RegistryFile' to a registry JSON file.");
    }
}
