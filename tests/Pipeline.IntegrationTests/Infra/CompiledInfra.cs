using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// infra/main.bicep built to ARM JSON and linted, once per test run: every infra test reads this one result. Both
/// commands run with --no-restore, so a module from a registry fails the build instead of reaching the network.
/// </summary>
public sealed class CompiledInfra
{
    private static readonly Lazy<Task<CompiledInfra>> Shared = new(() => Task.Run(CompileAsync));

    private readonly JsonObject? _template;

    private CompiledInfra(BicepCli.Result build, BicepCli.Result lint, JsonObject? template)
    {
        Build = build;
        Lint = lint;
        _template = template;
    }

    public static Task<CompiledInfra> LoadAsync() => Shared.Value;

    public BicepCli.Result Build { get; }

    public BicepCli.Result Lint { get; }

    /// <summary>The compiled template (a fresh copy, so a test may change it).</summary>
    public JsonObject Template => (JsonObject?)_template?.DeepClone()
        ?? throw new InvalidOperationException($"infra/main.bicep did not build.\n{Build}");

    /// <summary>The compiled template as a tree of modules.</summary>
    public ArmScope Root => ArmScope.FromTemplate(Template);

    private static async Task<CompiledInfra> CompileAsync()
    {
        var infra = RepositoryPaths.Combine("infra");
        var outFile = Path.Combine(Path.GetTempPath(), $"pipeline-infra-{Guid.NewGuid():N}.json");
        try
        {
            var build = BicepCli.RunAsync(infra, "build", "main.bicep", "--outfile", outFile, "--no-restore");
            var lint = BicepCli.RunAsync(infra, "lint", "main.bicep", "--no-restore");
            await Task.WhenAll(build, lint);
            var template = File.Exists(outFile) ? JsonNode.Parse(await File.ReadAllTextAsync(outFile))!.AsObject() : null;
            return new(await build, await lint, template);
        }
        finally
        {
            File.Delete(outFile);
        }
    }
}
