using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// Who may read the report and who may touch the data account: the report behind Entra ID sign-in (public only on
/// the explicit opt-in), the optional network allow-list, and the street and district offices' role assignments.
/// </summary>
public static partial class InfraChecks
{
    /// <summary>The blob extension's webhook, which Event Grid calls without signing in.</summary>
    public const string BlobWebhookPath = "/runtime/webhooks/blobs";

    /// <summary>The app setting App Service authentication reads a managed identity's client id from, instead of a secret.</summary>
    public const string FederatedCredentialSetting = "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID";

    public static bool PublicReportWebsite(ArmScope root) =>
        root.Resolve(JsonValue.Create("[parameters('publicReportWebsite')]")) is JsonValue value && value.GetValue<bool>();

    public static List<string> ReportAccess(ArmScope root)
    {
        var problems = new List<string>();
        var isPublic = PublicReportWebsite(root);
        var settings = root.OfType("Microsoft.Web/sites/config").SingleOrDefault(c => ((string)c.Json["name"]!).Contains("'appsettings'", StringComparison.Ordinal));
        var auth = root.OfType("Microsoft.Web/sites/config").SingleOrDefault(c => ((string)c.Json["name"]!).Contains("'authsettingsV2'", StringComparison.Ordinal));
        if (settings is null || auth is null)
        {
            problems.Add("The function app lacks its app settings or its authentication settings (authsettingsV2).");
            return problems;
        }

        // Where the report is: the private container, unless the public website was asked for.
        Expect(problems, settings, "properties.Pipeline__WebContainer", isPublic ? "$web" : "report");
        Expect(problems, settings, "properties.Pipeline__ReportAccess", "SignedIn");
        var reportContainer = root.ModuleNamed(DataStorageModule).OwnResources
            .Where(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers" && (string?)r["condition"] == "[not(parameters('staticWebsite'))]")
            .Select(r => new ArmResource(root.ModuleNamed(DataStorageModule), r)).SingleOrDefault();
        if (reportContainer is null || reportContainer.Scope.ResolveString(JsonValue.Create("[parameters('reportContainerName')]")) != (isPublic ? "$web" : "report")
            || !((string)reportContainer.Json["name"]!).Contains("parameters('reportContainerName')", StringComparison.Ordinal))
        {
            problems.Add("The data account does not create the private report container when the static website is off.");
        }
        else
        {
            Expect(problems, reportContainer, "properties.publicAccess", "None");
        }

        // Sign-in: required for everything but the blob webhook, with Entra ID, for the groups main.bicep is given.
        Expect(problems, auth, "properties.platform.enabled", true);
        Expect(problems, auth, "properties.globalValidation.requireAuthentication", true);
        Expect(problems, auth, "properties.globalValidation.unauthenticatedClientAction", "RedirectToLoginPage");
        var excluded = (auth.Get("properties.globalValidation.excludedPaths") as JsonArray ?? [])
            .Select(p => auth.Scope.ResolveString(p)).ToList();
        if (!excluded.Contains(BlobWebhookPath))
        {
            problems.Add($"Sign-in stands in front of the blob webhook {BlobWebhookPath}: Event Grid could not deliver new uploads.");
        }

        if (excluded.Count != 1)
        {
            problems.Add($"Sign-in exempts more than the blob webhook: [{string.Join(", ", excluded)}].");
        }

        const string provider = "properties.identityProviders.azureActiveDirectory";
        Expect(problems, auth, $"{provider}.registration.clientSecretSettingName", FederatedCredentialSetting);
        if (settings.Json["properties"]?[FederatedCredentialSetting]?.ToString() is not { } identity
            || !auth.Scope.ExpandSymbols(identity).Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", StringComparison.Ordinal))
        {
            problems.Add($"The app setting {FederatedCredentialSetting} is not a managed identity's client id: sign-in would need a secret.");
        }

        if (auth.GetString($"{provider}.enabled") != "[not(empty(parameters('reportAuth').clientId))]"
            || auth.GetString($"{provider}.registration.clientId") != "[parameters('reportAuth').clientId]")
        {
            problems.Add("The Entra ID provider does not use the app registration main.bicep is given (reportAuthClientId).");
        }

        var groups = auth.GetString($"{provider}.validation.defaultAuthorizationPolicy.allowedPrincipals.groups");
        var passed = auth.Scope.Deployment?["properties"]?["parameters"]?["reportAuth"]?["value"]?["allowedGroupIds"]?.ToString();
        var allowed = passed is null ? null : root.ExpandVariables(passed);
        if (groups != "[parameters('reportAuth').allowedGroupIds]" || allowed is null
            || !allowed.Contains("parameters('districtOfficeGroupId')", StringComparison.Ordinal)
            || !allowed.Contains("parameters('reportReaderGroupIds')", StringComparison.Ordinal))
        {
            problems.Add($"The report's allowed groups are not the district office's group and reportReaderGroupIds (groups {groups}, passed {allowed}).");
        }

        // The app checks tokens itself: for the same tenant, app registration and groups as the platform's sign-in.
        foreach (var (setting, expected) in new[]
                 {
                     ("Pipeline__ReportTenantId", "[parameters('reportAuth').tenantId]"),
                     ("Pipeline__ReportClientId", "[parameters('reportAuth').clientId]"),
                     ("Pipeline__ReportAllowedGroups", "[join(parameters('reportAuth').allowedGroupIds, ',')]"),
                     ("Pipeline__ReportAuthority", "[environment().authentication.loginEndpoint]"),
                 })
        {
            if (settings.GetString($"properties.{setting}") != expected)
            {
                problems.Add($"The app setting {setting} is {settings.GetString($"properties.{setting}")}, not {expected}: the app would check tokens against other values than the sign-in's.");
            }
        }

        // The authority setting reads through the module's variable loginEndpoint (checked above); the issuer must use it too.
        if (auth.GetString($"{provider}.registration.openIdIssuer")?.Contains("variables('loginEndpoint')", StringComparison.Ordinal) != true)
        {
            problems.Add("The sign-in's issuer is not on the cloud's authority, which the app reads the tenant's keys from.");
        }

        return problems;
    }

    /// <summary>No restriction without ranges; with ranges, each allowed, Event Grid allowed, everything else denied.</summary>
    public static List<string> NetworkAllowList(ArmScope root)
    {
        var problems = new List<string>();
        var site = root.OfType("Microsoft.Web/sites").Single();
        var rules = site.Get("properties.siteConfig.ipSecurityRestrictions")?.ToString() ?? "";
        var defaultAction = site.GetString("properties.siteConfig.ipSecurityRestrictionsDefaultAction") ?? "";
        if (!rules.Contains("parameters('allowedIpRanges')", StringComparison.Ordinal)
            || site.Scope.Deployment?["properties"]?["parameters"]?["allowedIpRanges"]?["value"]?.ToString() != "[parameters('reportAllowedIpRanges')]")
        {
            problems.Add("The function app's access restrictions are not the reportAllowedIpRanges of main.bicep.");
        }

        foreach (var part in new[] { "'action', 'Allow'", "'ipAddress', 'AzureEventGrid'", "'tag', 'ServiceTag'" })
        {
            if (!rules.Contains(part, StringComparison.Ordinal))
            {
                problems.Add($"The access restrictions lack {part}: Event Grid or the allowed ranges would be refused.");
            }
        }

        if (defaultAction != "[if(empty(parameters('allowedIpRanges')), 'Allow', 'Deny')]")
        {
            problems.Add($"Requests from outside the allowed ranges are not denied by default: {defaultAction}.");
        }

        return problems;
    }

    /// <summary>
    /// Per street office: Storage Blob Data Contributor on uploads and Storage Blob Data Reader on results, each on the
    /// container, for the office's group, with the folder condition; the district office's group on its containers.
    /// </summary>
    public static List<string> OfficeAccess(ArmScope root)
    {
        var problems = new List<string>();
        var module = root.ModuleNamed(OfficeAccessModule);
        var assignments = module.OwnResources.Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => new ArmResource(module, r)).ToList();

        foreach (var (container, role, writes) in new[] { ("uploads", AzureRoles.StorageBlobDataContributor, "createArray('write', 'add/action', 'delete')"), ("results", AzureRoles.StorageBlobDataReader, "createArray()") })
        {
            var parameter = $"parameters('{container}ContainerName')";
            var office = assignments.Where(a => a.Json["copy"] is not null
                && (a.Json["properties"]?["principalId"]?.ToString() ?? "") == "[parameters('streetOffices')[copyIndex()].groupObjectId]"
                && module.ExpandVariables(a.Json["properties"]?["roleDefinitionId"]?.ToString() ?? "").Contains(role, StringComparison.Ordinal)).ToList();
            if (office.Count != 1)
            {
                problems.Add($"Expected one {AzureRoles.Names[role]} assignment per street office on {container}, found {office.Count}.");
                continue;
            }

            var assignment = office[0];
            var scope = assignment.Json["scope"]?.ToString() ?? "";
            if (!scope.Contains("'Microsoft.Storage/storageAccounts/blobServices/containers'", StringComparison.Ordinal)
                || !scope.Contains(parameter, StringComparison.Ordinal)
                || module.ResolveString(JsonValue.Create($"[{parameter}]")) != container)
            {
                problems.Add($"A street office's {AzureRoles.Names[role]} is not scoped to the {container} container: {scope}");
            }

            Expect(problems, assignment, "properties.principalType", "Group");
            Expect(problems, assignment, "properties.conditionVersion", "2.0");
            var condition = assignment.GetString("properties.condition");
            if (condition != $"[__bicep.folderCondition({parameter}, format('{{0}}/', parameters('streetOffices')[copyIndex()].code), {writes})]")
            {
                problems.Add($"A street office's {AzureRoles.Names[role]} on {container} lacks its folder condition: {condition ?? "none"}.");
            }
        }

        var district = assignments.Where(a => a.Json["properties"]?["principalId"]?.ToString() == "[parameters('districtOfficeGroupId')]").ToList();
        foreach (var (scopePart, role) in new[]
                 {
                     ("parameters('uploadsContainerName')", AzureRoles.StorageBlobDataContributor),
                     ("parameters('districtWriteContainerNames')[copyIndex()]", AzureRoles.StorageBlobDataContributor),
                     ("resourceId('Microsoft.Storage/storageAccounts', parameters('dataStorageName'))", AzureRoles.StorageTableDataContributor),
                 })
        {
            if (!district.Any(a => (a.Json["scope"]?.ToString() ?? "").Contains(scopePart, StringComparison.Ordinal)
                    && module.ExpandVariables(a.Json["properties"]?["roleDefinitionId"]?.ToString() ?? "").Contains(role, StringComparison.Ordinal)
                    && (string?)a.Json["condition"] == "[not(empty(parameters('districtOfficeGroupId')))]"
                    && a.GetString("properties.principalType") == "Group"))
            {
                problems.Add($"The district office's group does not get {AzureRoles.Names[role]} on {scopePart}.");
            }
        }

        if (module.Resolve(JsonValue.Create("[parameters('districtWriteContainerNames')]")) is not JsonArray districtWrites
            || districtWrites.Count == 0)
        {
            problems.Add("The district office's write containers are not listed.");
        }

        return problems;
    }
}
