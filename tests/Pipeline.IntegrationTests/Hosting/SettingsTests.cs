using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;

namespace Pipeline.IntegrationTests.Hosting;

public sealed class SettingsTests
{
    private const string LocalBus = "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true";

    [Fact]
    public void Missing_connections_fail_at_start_with_the_setting_names()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()));

        Assert.Contains("Setting 'Storage' is missing", failure.Message);
        Assert.Contains("'Storage__blobServiceUri' and 'Storage__tableServiceUri'", failure.Message);
        Assert.Contains("Setting 'ServiceBus' is missing", failure.Message);
    }

    [Fact]
    public void A_half_configured_identity_connection_names_the_missing_endpoint()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Storage:blobServiceUri"] = "https://data.blob.core.windows.net",
            ["Storage:credential"] = "managedidentity",
            ["ServiceBus"] = LocalBus,
        }));

        Assert.Equal("Setting 'Storage__tableServiceUri' is missing.", failure.Message);
    }

    [Fact]
    public void An_invalid_pipeline_setting_is_named_as_it_is_written_in_app_settings()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Storage"] = "UseDevelopmentStorage=true",
            ["ServiceBus"] = LocalBus,
            ["Pipeline:DistrictCode"] = "Daxing",
        }));

        Assert.Equal("Setting 'Pipeline__DistrictCode' must be a 6-digit division code.", failure.Message);
    }

    [Theory]
    [InlineData("Pipeline:SubmissionsOwed", "CompoundRoster,AppealCounts|TicketExport", "Pipeline__SubmissionsOwed", "each form's 'owedBy' (forms[].owedBy")]
    [InlineData("Figures:BasicSatisfiedWeight", "0.8", "Figures__BasicSatisfiedWeight", "the satisfaction indicator's numerator (indicators[satisfactionRate].numerator")]
    [InlineData("Figures:ResolutionWeight", "0.6", "Figures__ResolutionWeight", "the score's weights (score.weights)")]
    [InlineData("Figures:Targets:responseRate", "0.95", "Figures__Targets__responseRate", "the indicator's target (indicators[responseRate].target)")]
    public void A_setting_that_described_forms_stops_the_start_naming_the_catalog_field_that_replaced_it(string key, string value, string setting, string replacement)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Storage"] = "UseDevelopmentStorage=true",
            ["ServiceBus"] = LocalBus,
            [key] = value,
        }));

        Assert.StartsWith($"Setting '{setting}' is no longer read: it is {replacement}", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("in the form catalog; remove the setting and publish a catalog version instead.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_access_other_than_SignedIn_or_Anonymous_stops_the_start_naming_both()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Storage"] = "UseDevelopmentStorage=true",
            ["ServiceBus"] = LocalBus,
            ["Pipeline:ReportAccess"] = "Everyone",
        }));

        Assert.Equal("Setting 'Pipeline__ReportAccess' must be SignedIn (behind the platform's sign-in) or Anonymous (local development only).", failure.Message);
    }

    [Fact]
    public void SignedIn_with_an_app_registration_but_no_tenant_or_groups_stops_the_start_naming_each()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = "UseDevelopmentStorage=true", ["ServiceBus"] = LocalBus, ["Pipeline:ReportClientId"] = "report-app", ["Pipeline:ReportAllowedGroups"] = "readers",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddPipeline(configuration).AddReportSignIn(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReportSignInOptions>>().Value);

        Assert.Equal(3, failure.Failures.Count());
        Assert.Contains("Setting 'Pipeline__ReportTenantId' must be the Entra tenant id (a GUID) when 'Pipeline__ReportAccess' is SignedIn.", failure.Failures);
        Assert.Contains(failure.Failures, f => f.StartsWith("Setting 'Pipeline__ReportClientId' must be the client id", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Setting 'Pipeline__ReportAllowedGroups' must list the object ids", StringComparison.Ordinal));

        // Anonymous (local development) reads none of them; before the app registration exists (no client id) the app
        // starts, and the report admits nobody; a plain-http authority is refused unless it is this machine.
        settings["Pipeline:ReportAccess"] = "Anonymous";
        Assert.Empty(Validate(settings));
        settings["Pipeline:ReportAccess"] = "SignedIn";
        settings["Pipeline:ReportClientId"] = "";
        Assert.Empty(Validate(settings));
        settings["Pipeline:ReportAccess"] = "SignedIn";
        settings["Pipeline:ReportTenantId"] = Guid.NewGuid().ToString();
        settings["Pipeline:ReportClientId"] = Guid.NewGuid().ToString();
        settings["Pipeline:ReportAllowedGroups"] = $"{Guid.NewGuid()},{Guid.NewGuid()}";
        Assert.Empty(Validate(settings));
        settings["Pipeline:ReportAuthority"] = "http://login.example";
        Assert.Equal(["Setting 'Pipeline__ReportAuthority' must be an https URL such as https://login.microsoftonline.com."], Validate(settings));
    }

    private static IEnumerable<string> Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddPipeline(configuration).AddReportSignIn(configuration).BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<ReportSignInOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return e.Failures;
        }
    }

    [Fact]
    public void A_community_group_naming_a_community_outside_the_registry_stops_the_app_at_start_naming_it()
    {
        using var registry = new TemporaryFile("""
            { "district": { "code": "110115", "name": "大兴区" },
              "streets": [ { "code": "110115003000", "name": "清源街道" } ],
              "groups": [ { "code": "pilot", "name": "拉家常议事会试点", "communities": [ "110115003001", "110115099001" ] } ] }
            """);

        var failure = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Storage"] = "UseDevelopmentStorage=true",
            ["ServiceBus"] = LocalBus,
            ["Pipeline:RegistryFile"] = registry.Path,
        }));

        Assert.Contains("Setting 'Pipeline__RegistryFile'", failure.Message);
        Assert.Contains("pilot, communities (110115099001): is not a 12-digit community code in a street of the registry, in group 拉家常议事会试点", failure.Message);
    }

    [Fact]
    public async Task Identity_based_settings_give_clients_on_those_endpoints()
    {
        await using var provider = Start(new()
        {
            ["Storage:blobServiceUri"] = "https://data.blob.core.windows.net",
            ["Storage:tableServiceUri"] = "https://data.table.core.windows.net",
            ["Storage:credential"] = "managedidentity",
            ["Storage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["ServiceBus:fullyQualifiedNamespace"] = "district.servicebus.windows.net",
            ["ServiceBus:credential"] = "managedidentity",
        });

        Assert.Equal("https://data.blob.core.windows.net/", provider.GetRequiredService<BlobServiceClient>().Uri.ToString());
        Assert.Equal("https://data.table.core.windows.net/", provider.GetRequiredService<TableServiceClient>().Uri.ToString());
        Assert.Equal("district.servicebus.windows.net", provider.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Same(provider.GetRequiredService<ServiceBusClient>(), provider.GetRequiredService<ServiceBusClient>());
    }

    [Fact]
    public void Defaults_apply_when_only_connections_are_set()
    {
        using var provider = Start(new() { ["Storage"] = "UseDevelopmentStorage=true", ["ServiceBus"] = LocalBus });

        var options = provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
        Assert.Equal(("110115", "uploads", "governance-summaries"), (options.DistrictCode, options.UploadsContainer, options.SummaryEntity));
    }

    private static ServiceProvider Start(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection().AddPipeline(configuration).BuildServiceProvider();
        try
        {
            // What the host does at start-up: run every ValidateOnStart check.
            provider.GetRequiredService<IStartupValidator>().Validate();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
