namespace Pipeline.Core.SubmissionTemplates;

/// <summary>A column of a template: its key, the header clerks see, the other headers read as it, and whether a row must fill it.</summary>
public sealed record Field(string Key, string Label, IReadOnlyList<string> Aliases, bool Required = false);
