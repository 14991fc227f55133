namespace Pipeline.Core.Forms;

/// <summary>What is wrong with a catalog, precisely: the file, the form (when it is one form's), the field and why.</summary>
public sealed record CatalogProblem(string File, string? Form, string Field, string Message)
{
    public override string ToString() => $"{File}: {(Form is null ? "" : $"form {Form}, ")}{Field}: {Message}";
}
