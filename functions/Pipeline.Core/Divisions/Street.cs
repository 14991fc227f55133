namespace Pipeline.Core.Divisions;

/// <summary>A street (街道), town (镇) or area (地区) of the district, by its 12-digit statistical division code.</summary>
public sealed record Street(string Code, string Name, IReadOnlyList<string> Aliases)
{
    /// <summary>The first 9 digits: the township part every community code inside it starts with.</summary>
    public string TownshipPrefix => Code[..9];

    /// <summary>Its communities when the registry lists them (submission templates pre-fill them); often none.</summary>
    public IReadOnlyList<Community> Communities { get; init; } = [];
}
