using System.ComponentModel.DataAnnotations;

namespace Pipeline.Adapters.Hosting;

/// <summary>The app's own settings, section <c>Pipeline</c> (environment: <c>Pipeline__Name</c>).</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Statistical code of the district whose registry applies (6 digits).</summary>
    [Required, RegularExpression(@"^\d{6}$", ErrorMessage = "must be a 6-digit division code")]
    public string DistrictCode { get; set; } = "110115";

    /// <summary>A division registry file (JSON) to use instead of the one shipped for <see cref="DistrictCode"/>.</summary>
    public string? RegistryFile { get; set; }

    /// <summary>Uploads above this size are refused unread.</summary>
    [Range(1, 1024)]
    public int MaxUploadMegabytes { get; set; } = 50;

    /// <summary>Uploads with more data rows are refused.</summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Every upload must sit in a street's folder (its code or name) or the district's (its code).</summary>
    public bool RequireOwnerFolder { get; set; }

    /// <summary>Months after the current Beijing month that a file may already state (0: none).</summary>
    [Range(0, 12)]
    public int MonthsAhead { get; set; }

    /// <summary>Staged revisions that no manifest names are swept by the daily run once they are this old.</summary>
    [Range(1, 24 * 30)]
    public int SweepGraceHours { get; set; } = 24;

    /// <summary>Submissions for a period are due by this day of the following month, 24:00 Beijing time.</summary>
    [Range(1, 28)]
    public int SubmissionDeadlineDay { get; set; } = 5;

    /// <summary>Where street offices upload spreadsheets. The blob trigger's path names the same container.</summary>
    [Required]
    public string UploadsContainer { get; set; } = "uploads";

    /// <summary>Findings reports of rejected files.</summary>
    [Required]
    public string ResultsContainer { get; set; } = "results";

    /// <summary>Copies of rejected files.</summary>
    [Required]
    public string QuarantineContainer { get; set; } = "quarantine";

    /// <summary>The container the report is written to and served from: the static website's, or a private one.</summary>
    [Required]
    public string WebContainer { get; set; } = "$web";

    /// <summary>Who the report function serves: SignedIn (behind the platform's sign-in) or Anonymous (local development only).</summary>
    [Required, RegularExpression($"^({Core.Report.ReportAccess.SignedIn}|{Core.Report.ReportAccess.Anonymous})$",
        ErrorMessage = $"must be {Core.Report.ReportAccess.SignedIn} (behind the platform's sign-in) or {Core.Report.ReportAccess.Anonymous} (local development only)")]
    public string ReportAccess { get; set; } = Core.Report.ReportAccess.SignedIn;

    /// <summary>Prefix of every table name, so several deployments or test runs can share one account.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$", ErrorMessage = "must be letters and digits, starting with a letter")]
    public string TablePrefix { get; set; } = "Pipeline";

    /// <summary>Service Bus topic (or queue) the summaries are published to.</summary>
    [Required]
    public string SummaryEntity { get; set; } = "governance-summaries";

    /// <summary>
    /// Whether summaries are still sent as <c>governance-summary/v2</c> beside v3. True until the district has moved its
    /// subscribers to v3 and switches v2 off; the report keeps its v2 <c>summary.json</c> either way.
    /// </summary>
    public bool PublishSummaryV2 { get; set; } = true;

    /// <summary>Every published summary document, by period; claim-check messages point here.</summary>
    [Required]
    public string SummariesContainer { get; set; } = "summaries";

    /// <summary>How long one Service Bus operation may take before it is retried.</summary>
    [Range(1, 300)]
    public int ServiceBusTryTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a failed Service Bus operation; the outbox keeps what still fails for the next flush.</summary>
    [Range(0, 10)]
    public int ServiceBusMaxRetries { get; set; } = 3;
}
