using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// The report readable only by signed-in members of the allowed groups (public only on the opt-in), the optional
/// network allow-list, and each office's rights on the data account, checked on the compiled template; the folder
/// condition's text is evaluated by the Bicep CLI itself for sample street offices.
/// </summary>
public sealed class AccessTests
{
    /// <summary>清源街道, 兴丰街道 and 魏善庄镇: a sample of Daxing's streets and towns.</summary>
    public static TheoryData<string> SampleOffices => ["110115003000", "110115004000", "110115104000"];

    [Fact]
    public async Task By_default_the_report_is_private_and_served_only_after_sign_in()
    {
        var root = (await CompiledInfra.LoadAsync()).Root;

        Assert.False(InfraChecks.PublicReportWebsite(root));
        AssertNone(InfraChecks.ReportAccess(root));
        AssertNone(InfraChecks.DataAccount(root, []));
    }

    [Fact]
    public async Task The_public_website_is_there_only_with_the_opt_in_and_sign_in_stays()
    {
        var template = (await CompiledInfra.LoadAsync()).Template;
        template["parameters"]!["publicReportWebsite"]!["defaultValue"] = true;
        var root = ArmScope.FromTemplate(template);

        Assert.True(InfraChecks.PublicReportWebsite(root));
        Assert.Equal(true, root.OfType("Microsoft.Storage/storageAccounts/blobServices").Single(b => b.Module == InfraChecks.DataStorageModule).GetBool("properties.staticWebsite.enabled"));
        AssertNone(InfraChecks.ReportAccess(root));
        AssertNone(InfraChecks.DataAccount(root, []));
    }

    [Fact]
    public async Task The_network_allow_list_denies_the_rest_and_lets_Event_Grid_in() =>
        AssertNone(InfraChecks.NetworkAllowList((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task Each_office_is_granted_on_its_containers_with_its_folder_condition() =>
        AssertNone(InfraChecks.OfficeAccess((await CompiledInfra.LoadAsync()).Root));

    /// <summary>The condition of README's recipe, for one street office and container.</summary>
    private static string ExpectedCondition(string container, string code, bool write)
    {
        const string blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
        var writes = write
            ? $" AND !(ActionMatches{{'{blobs}/write'}}) AND !(ActionMatches{{'{blobs}/add/action'}}) AND !(ActionMatches{{'{blobs}/delete'}})"
            : "";
        return $"( ( !(ActionMatches{{'{blobs}/read'}} AND NOT SubOperationMatches{{'Blob.List'}}){writes} ) OR "
            + $"( @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '{container}' AND @Resource[{blobs}:path] StringStartsWith '{code}/' ) ) AND "
            + $"( ( !(ActionMatches{{'{blobs}/read'}} AND SubOperationMatches{{'Blob.List'}}) ) OR "
            + $"( @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '{container}' AND @Request[{blobs}:prefix] StringStartsWith '{code}/' ) )";
    }

    [Theory]
    [MemberData(nameof(SampleOffices))]
    public async Task The_folder_condition_is_READMEs_for_each_sample_office(string code)
    {
        // The Bicep CLI evaluates the module's own function, with the arguments office-access.bicep passes.
        var folder = Directory.CreateTempSubdirectory("pipeline-condition-");
        try
        {
            File.Copy(RepositoryPaths.Combine("infra", "modules", "blob-conditions.bicep"), Path.Combine(folder.FullName, "blob-conditions.bicep"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "sample.bicepparam"), $$"""
                using none
                import { folderCondition } from 'blob-conditions.bicep'
                param uploads = folderCondition('uploads', '{{code}}/', ['write', 'add/action', 'delete'])
                param results = folderCondition('results', '{{code}}/', [])
                """, TestContext.Current.CancellationToken);
            var result = await BicepCli.RunAsync(folder.FullName, "build-params", "sample.bicepparam", "--outfile", "sample.json", "--no-restore");
            Assert.True(result.ExitCode == 0 && result.Lines.Count == 0, result.ToString());
            var values = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "sample.json"), TestContext.Current.CancellationToken))!["parameters"]!;

            Assert.Equal(ExpectedCondition("uploads", code, write: true), (string?)values["uploads"]!["value"]);
            Assert.Equal(ExpectedCondition("results", code, write: false), (string?)values["results"]!["value"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void READMEs_az_recipe_uses_the_same_condition()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        Assert.Contains(ExpectedCondition("uploads", "110115003000", write: true), readme, StringComparison.Ordinal);
    }

    private static void AssertNone(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n{string.Join('\n', problems)}");
}
