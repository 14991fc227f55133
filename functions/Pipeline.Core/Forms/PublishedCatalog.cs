namespace Pipeline.Core.Forms;

/// <summary>A catalog version as published: the catalog, the upload it came from, when, and its content's hash.</summary>
public sealed record PublishedCatalog(FormCatalog Catalog, string File, DateTimeOffset UploadedAt, string Hash);
