namespace Pipeline.Core.Divisions;

/// <summary>A community (社区) or village (村) of a street, by its 12-digit statistical division code.</summary>
public sealed record Community(string Code, string Name);
