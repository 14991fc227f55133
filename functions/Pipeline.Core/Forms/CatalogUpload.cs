namespace Pipeline.Core.Forms;

/// <summary>
/// Where the district office publishes a catalog version: <c>{district code}/forms/{name}.json</c> in the uploads
/// container. Only the district office can write its own folder (street offices are held to theirs), so only it can
/// change the forms; the file is checked and given a receipt like any upload before it takes effect.
/// </summary>
public static class CatalogUpload
{
    public const string Folder = "forms";

    public static bool Is(string blobPath, string districtCode) =>
        blobPath.Split('/') is [var district, Folder, var name] && district == districtCode
            && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && name.Length > ".json".Length;
}
