using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>A resource of the compiled template and the module (nested deployment) that declares it.</summary>
public sealed record ArmResource(ArmScope Scope, JsonObject Json)
{
    public string Type => (string)Json["type"]!;

    public string Module => Scope.Module;

    /// <summary>A reference to a resource deployed elsewhere (Bicep 'existing'), not a resource of this template.</summary>
    public bool IsExisting => Json["existing"] is JsonValue existing && existing.GetValue<bool>();

    /// <summary>A property by dotted path, with a whole-value parameters('…')/variables('…') resolved where it can be.</summary>
    public JsonNode? Get(string path) => Scope.Resolve(Select(Json, path));

    public string? GetString(string path) => Get(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public bool? GetBool(string path) => Get(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static JsonNode? Select(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }
}

/// <summary>
/// One template of the compiled infra: the root (main.bicep) or a module's nested deployment. Resolves the simple
/// expressions the tests need, a whole value of <c>[parameters('x')]</c> (through the module's parameter values up to
/// main.bicep's defaults) or <c>[variables('x')]</c>/<c>[variables('x').y]</c>; anything else stays an expression.
/// </summary>
public sealed partial class ArmScope
{
    private readonly JsonObject? _deployment;
    private readonly ArmScope? _parent;

    private ArmScope(JsonObject template, JsonObject? deployment, ArmScope? parent)
    {
        Template = template;
        _deployment = deployment;
        _parent = parent;
    }

    public static ArmScope FromTemplate(JsonObject template) => new(template, null, null);

    public JsonObject Template { get; }

    /// <summary>The module's deployment name ("" for main.bicep).</summary>
    public string Module => _deployment is null ? "" : (string)_deployment["name"]!;

    /// <summary>The deployment resource of this module in its parent, e.g. for its condition.</summary>
    public JsonObject? Deployment => _deployment;

    public IEnumerable<JsonObject> OwnResources => Template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(r => r.Value).OfType<JsonObject>(),
        _ => [],
    };

    public IEnumerable<ArmScope> Modules => OwnResources
        .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments" && r["properties"]?["template"] is JsonObject)
        .Select(r => new ArmScope(r["properties"]!["template"]!.AsObject(), r, this));

    /// <summary>Every scope, this one and all modules below it.</summary>
    public IEnumerable<ArmScope> All => Modules.SelectMany(m => m.All).Prepend(this);

    /// <summary>Every resource of this scope and the modules below it (deployments themselves excluded).</summary>
    public IEnumerable<ArmResource> Resources => All.SelectMany(scope => scope.OwnResources
        .Where(r => (string?)r["type"] != "Microsoft.Resources/deployments")
        .Select(r => new ArmResource(scope, r)));

    public ArmScope ModuleNamed(string name) =>
        All.SingleOrDefault(s => s.Module == name) ?? throw new InvalidOperationException($"No module '{name}' in the compiled template.");

    public IEnumerable<ArmResource> OfType(string type) => Resources.Where(r => r.Type == type && !r.IsExisting);

    public JsonNode? Resolve(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return node;
        }

        if (ParameterReference().Match(text) is { Success: true } parameter)
        {
            return ResolveParameter(parameter.Groups[1].Value);
        }

        // if(parameters('flag'), 'a', 'b'): a choice on a switch of main.bicep, such as publicReportWebsite.
        if (Choice().Match(text) is { Success: true } choice
            && Resolve(JsonValue.Create($"[parameters('{choice.Groups[1].Value}')]")) is JsonValue flag && flag.TryGetValue<bool>(out var on))
        {
            return JsonValue.Create(on ? choice.Groups[2].Value : choice.Groups[3].Value);
        }

        if (VariableReference().Match(text) is { Success: true } variable)
        {
            var resolved = Resolve(Template["variables"]?[variable.Groups[1].Value]);
            return variable.Groups[2].Success ? Resolve((resolved as JsonObject)?[variable.Groups[2].Value]) : resolved;
        }

        return node;
    }

    public string? ResolveString(JsonNode? node) =>
        Resolve(node) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// An expression with every variables('x') of a string variable, and variables('x').y of a string member (an
    /// imported object such as roleIds), written out as its value.
    /// </summary>
    public string ExpandVariables(string expression) => VariableCall().Replace(expression, match =>
    {
        var variable = Template["variables"]?[match.Groups[1].Value];
        var member = match.Groups[2].Success ? (variable as JsonObject)?[match.Groups[2].Value] : variable;
        return member is JsonValue value && value.TryGetValue<string>(out var text) ? $"'{text}'" : match.Value;
    });

    /// <summary>
    /// An expression with every reference('symbol') of a symbolic-name template (languageVersion 2.0, which an
    /// imported variable brings) written with the resource's type instead: reference('Microsoft.…/…').
    /// </summary>
    public string ExpandSymbols(string expression) => SymbolReference().Replace(expression, match =>
        Template["resources"] is JsonObject symbolic && symbolic[match.Groups[1].Value]?["type"] is JsonValue type
            ? $"reference('{type}'"
            : match.Value);

    private JsonNode? ResolveParameter(string name)
    {
        if (_deployment?["properties"]?["parameters"]?[name] is JsonObject passed && _parent is not null)
        {
            return _parent.Resolve(passed["value"]);
        }

        return Resolve(Template["parameters"]?[name]?["defaultValue"]);
    }

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)(?:\.(\w+))?\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[if\(parameters\('([^']+)'\), '([^']*)', '([^']*)'\)\]$")]
    private static partial Regex Choice();

    [GeneratedRegex(@"\breference\('(\w+)'")]
    private static partial Regex SymbolReference();

    [GeneratedRegex(@"variables\('([^']+)'\)(?:\.(\w+))?")]
    private static partial Regex VariableCall();
}
