namespace Pipeline.IntegrationTests.Hosting;

/// <summary>A file of the test's own in the temporary folder (a registry file, say), deleted when the test ends.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public TemporaryFile(string content, string extension = ".json")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
