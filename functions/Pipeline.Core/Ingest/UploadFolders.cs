using System.Text.RegularExpressions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Ingest;

/// <summary>
/// What the folders of an upload's path say: the month (a YYYY-MM folder) and whose data the file may hold. A
/// street's folder (its 12-digit code or its registry name) binds every row to that street, because a street office's
/// write rights are its folder; the district's folder (its 6-digit code) and the container root are district-level.
/// </summary>
public sealed partial record UploadFolders(string? Period, Street? Street, bool District, IReadOnlyList<Finding> Findings)
{
    /// <summary>The street code that owns the path, or null for a district-level path.</summary>
    public string? Owner => Street?.Code;

    public static UploadFolders Of(string path, DivisionRegistry registry, IngestRules rules)
    {
        var folders = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();
        var findings = new List<Finding>();
        var streets = new List<Street>();
        var district = false;
        foreach (var folder in folders)
        {
            if (folder == registry.DistrictCode)
            {
                district = true;
            }
            else if (StreetCode().IsMatch(folder))
            {
                if (registry.FindByCode(folder) is { } byCode)
                {
                    streets.Add(byCode);
                }
                else
                {
                    findings.Add(OutOfForce(folder, "") ?? FileFindings.UnknownStreetFolder(path, folder, registry.DistrictName));
                }
            }
            else if (registry.FindByName(folder) is { } byName)
            {
                streets.Add(byName);
            }
            else if (OutOfForce("", folder) is { } ended)
            {
                // The folder of a street that has ended (or not begun) in the upload's month: its rows cannot be that street's.
                findings.Add(ended);
            }
        }

        var distinct = streets.DistinctBy(s => s.Code).ToList();

        Finding? OutOfForce(string code, string name) =>
            registry is { History: { } history, Period: { } month } && history.StreetNotice(code, name, month) is { } notice
                ? FileFindings.StreetFolderOutOfForce(path, code.Length > 0 ? code : name, notice.Why)
                : null;
        if (distinct.Count > 1)
        {
            findings.Add(FileFindings.TwoStreetFolders(path, distinct[0].Name, distinct[1].Name));
        }

        if (rules.RequireOwnerFolder && distinct.Count == 0 && !district)
        {
            findings.Add(FileFindings.NoOwnerFolder(path, registry.DistrictCode));
        }

        return new UploadFolders(UploadSource.PeriodFromPath(path), distinct.Count == 1 ? distinct[0] : null, district, findings);
    }

    /// <summary>
    /// How this path may name another upload's file: in full when this path is district-level or the other file is in
    /// the same street's folder; otherwise only as whose it is and when, so no office sees another office's paths.
    /// </summary>
    public string Disclose(Upload other, DivisionRegistry registry)
    {
        var owner = Of(other.File, registry, IngestRules.Default).Street;
        return Owner is null || Owner == owner?.Code
            ? other.File
            : $"{owner?.Name ?? registry.DistrictName} {other.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss} 的上传 / upload";
    }

    [GeneratedRegex(@"^[0-9]{12}$")]
    private static partial Regex StreetCode();
}
