namespace Pipeline.Core.Ingest;

/// <summary>
/// Where the district office publishes reference data: <c>{district code}/forms/{name}.json</c> a form catalog version,
/// <c>{district code}/divisions/{name}.json</c> a registry version, in the uploads container. Only the district office
/// can write its own folder (street offices are held to theirs), so only it can change them; each file is checked and
/// given a receipt like any upload before it takes effect.
/// </summary>
public static class ReferenceUpload
{
    public const string Forms = "forms";

    public const string Divisions = "divisions";

    /// <summary>Which reference data <paramref name="blobPath"/> publishes: <see cref="Forms"/>, <see cref="Divisions"/>, or null for an upload of figures.</summary>
    public static string? Of(string blobPath, string districtCode) =>
        blobPath.Split('/') is [var district, var folder, var name] && folder is Forms or Divisions && district == districtCode
            && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && name.Length > ".json".Length
            ? folder
            : null;
}
