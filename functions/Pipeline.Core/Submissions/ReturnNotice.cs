using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>
/// <c>submission.returned</c>: the district sent a street's submission back (审核退回). The body is JSON a notifier
/// can forward to the street: the period, street, obligation, file, reason and a short bilingual text.
/// </summary>
public static class ReturnNotice
{
    public const string Subject = SubmissionReturn.MessageSubject;

    public static Notice For(string period, SubmissionReturn returned, string streetName, string obligationLabel, string districtCode, string districtName)
    {
        var at = Timestamps.Beijing(returned.At);
        var body = new ReturnNoticeBody(
            districtCode, period, returned.StreetCode, streetName, returned.Obligation, obligationLabel, returned.File, returned.Reason, returned.At,
            $"{districtName} {period} {streetName}「{obligationLabel}」已于 {at} 被区里退回，请更正后重新上报。原因：{returned.Reason}\n"
            + $"{districtName} {period}: {streetName}'s {returned.Obligation} submission was returned at {at} (Beijing); correct it and upload again. Reason: {returned.Reason}");
        // The upload's time names the returned file without its path, whose length has no bound; a message id has one (128).
        var id = $"submission-returned:{districtCode}:{period}:{returned.StreetCode}:{returned.Obligation}:{returned.UploadedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
        return new Notice(id, Subject, JsonSerializer.Serialize(body, ReadableJson.Options), "application/json; charset=utf-8",
            new Dictionary<string, object> { ["period"] = period, ["streetCode"] = returned.StreetCode, ["obligation"] = returned.Obligation, ["districtCode"] = districtCode });
    }
}

/// <summary>The body of a <c>submission.returned</c> message.</summary>
public sealed record ReturnNoticeBody(
    string DistrictCode, string Period, string StreetCode, string StreetName, string Obligation, string ObligationLabel, string File, string Reason,
    DateTimeOffset ReturnedAt, string Text);
