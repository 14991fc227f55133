using System.Globalization;
using Pipeline.Core.Closing;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Publish;

/// <summary>
/// The envelope of a published summary: a deterministic MessageId, so Service Bus duplicate detection drops re-sends;
/// a Subject subscribers filter on; application properties that describe the body without reading it.
/// </summary>
public sealed record SummaryMessage(string MessageId, string Subject, IReadOnlyDictionary<string, object> Properties)
{
    public const string ContentType = "application/json";
    public const string MonthlySubject = "summary.monthly";
    public const string DailySubject = "summary.daily";
    public const string OfficialSubject = "summary.official";

    /// <summary>
    /// Monthly: one id per (district, period, revision), with Subject <c>summary.official</c> when it is the official
    /// version a close issued. Daily: the day is part of the id as well, since an unchanged revision is still
    /// published again the next day.
    /// </summary>
    public static SummaryMessage For(SummaryDocument document, DateOnly? day = null) => For(SummaryEnvelope.Of(document), day);

    /// <inheritdoc cref="For(SummaryDocument, DateOnly?)"/>
    /// <remarks>
    /// A v3 document's id starts <c>governance-summary-v3:</c>, another message than the v2 of the same revision, and
    /// names its catalog version: a new version gives the same revision new figures, so a new message.
    /// </remarks>
    public static SummaryMessage For(SummaryEnvelope document, DateOnly? day = null)
    {
        var daily = document.Kind == SummaryDocument.Daily;
        if (daily && day is null)
        {
            throw new ArgumentException("A daily summary needs its day.", nameof(day));
        }

        var prefix = document.Schema == FiguresSummary.SchemaName ? "governance-summary-v3" : "governance-summary";
        var id = $"{prefix}:{document.DistrictCode}:{document.Period}:{document.Kind}:r{document.Revision}{(document.Catalog is { } catalog ? $":c{catalog}" : "")}" +
            (daily ? $":{day!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "");
        var official = document.Publication.Status == Publication.Official;
        var properties = new Dictionary<string, object>
        {
            ["schema"] = document.Schema,
            ["period"] = document.Period,
            ["kind"] = document.Kind,
            ["districtCode"] = document.DistrictCode,
            ["revision"] = document.Revision,
            ["status"] = document.Publication.Status,
        };
        if (document.Catalog is { } catalogVersion)
        {
            properties["catalogVersion"] = catalogVersion;
        }

        if (document.Publication.OfficialVersion is { } version)
        {
            properties["officialVersion"] = version;
        }

        return new SummaryMessage(id, daily ? DailySubject : official ? OfficialSubject : MonthlySubject, properties);
    }
}
