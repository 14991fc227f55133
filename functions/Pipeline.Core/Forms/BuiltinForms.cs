namespace Pipeline.Core.Forms;

/// <summary>
/// The built-in catalog's forms: whether a file of a form merges by key or replaces its slice, its title, its
/// plausibility rules. Code that needs to know such a thing of a form asks the catalog here, instead of naming the form.
/// </summary>
public static class BuiltinForms
{
    public static FormDefinition Of(string form) =>
        FormCatalogs.Builtin.Form(form) ?? throw new InvalidOperationException($"The built-in form catalog has no form {form}.");

    /// <summary>Whether a file of <paramref name="form"/> merges its rows by key (a ticket export) rather than replacing its slices.</summary>
    public static bool MergesByKey(string form) => Of(form).Statement == Statement.Merge;
}
