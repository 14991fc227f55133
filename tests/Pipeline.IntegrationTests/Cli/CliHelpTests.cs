using Pipeline.Cli;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Cli;

/// <summary><c>--help</c> of pipeline and of each verb, <c>--version</c>, and the progress line of long verbs.</summary>
public sealed class CliHelpTests
{
    private static Task<(int Exit, string Out, string Error)> Run(params string[] args) => CliTests.InProcessAsync(args);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_of_pipeline_names_every_verb_with_examples_and_exit_codes(string help)
    {
        var (exit, output, error) = await Run(help);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        foreach (var verb in new[] { "run", "validate", "ingest", "recompute", "publish", "replay", "status", "close", "reopen", "template", "forms", "divisions" })
        {
            Assert.Matches($@"(?m)^  {verb}\b", output);
        }

        Assert.Contains("--verbose", output);
        Assert.Contains($"Examples:{Environment.NewLine}  pipeline ", output);
        Assert.Contains("2  usage or environment error", output);
    }

    [Theory]
    [InlineData("run", "--input <DIR>", "--out <DIR>", "--period <YYYY-MM>", "--strict", "--close <YYYY-MM>", "--subscription <NAME>")]
    [InlineData("validate", "<FILE>", "--period <YYYY-MM>", "--json")]
    [InlineData("ingest", "<FILE>", "--period <YYYY-MM>")]
    [InlineData("recompute", "--period <YYYY-MM>")]
    [InlineData("publish", "--period <YYYY-MM>")]
    [InlineData("replay", "--period <YYYY-MM>")]
    [InlineData("status", "--period <YYYY-MM>", "--json")]
    [InlineData("close", "--period <YYYY-MM>", "--note <TEXT>")]
    [InlineData("reopen", "--period <YYYY-MM>", "--reason <TEXT>")]
    [InlineData("template", "<FORM>", "--catalog <FILE>", "--street <NAME|CODE>", "--period <YYYY-MM>", "--out <FILE>")]
    [InlineData("divisions", "<ACTION>", "<FILE>")]
    public async Task Help_of_a_verb_exits_0_with_its_options_and_an_example(string verb, params string[] options)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var (exit, output, error) = await Run(verb, help);

            Assert.Equal(0, exit);
            Assert.Empty(error);
            Assert.Contains($"Usage:{Environment.NewLine}  pipeline {verb} ", output);
            foreach (var option in options.Append("--verbose"))
            {
                Assert.Contains(option, output);
            }

            Assert.Contains($"Examples:{Environment.NewLine}  pipeline {verb}", output);
        }
    }

    [Fact]
    public async Task Help_wins_over_what_else_is_wrong()
    {
        var (exit, output, _) = await Run("reopen", "--help", "--frobnicate");

        Assert.Equal(0, exit);
        Assert.Contains("--reason <TEXT>", output);
    }

    [Fact]
    public async Task Version_exits_0_with_the_version()
    {
        var (exit, output, error) = await Run("--version");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Progress_on_a_terminal_is_one_line_rewritten_in_place_and_cleared()
    {
        var terminal = new StringWriter();
        var progress = new ProgressLine(terminal, terminal: true);

        progress.Report("ingest", "file", 1, 2);
        progress.Report("ingest", "file", 12000, 200000);
        progress.Clear();
        progress.Clear();

        Assert.Equal("\r\u001b[Kingest: file 1 of 2\r\u001b[Kingest: file 12,000 of 200,000\r\u001b[K", terminal.ToString());
    }

    [Fact]
    public void Rows_read_of_a_long_file_show_on_the_same_line_and_only_on_a_terminal()
    {
        var terminal = new StringWriter();
        var redirected = new StringWriter();

        new ProgressLine(terminal, terminal: true).RowsOf("ingest", 1, 1).Report(120_000);
        new ProgressLine(redirected, terminal: false).RowsOf("ingest", 1, 1).Report(120_000);

        Assert.Equal("\r\u001b[Kingest: file 1 of 1, 120,000 rows read", terminal.ToString());
        Assert.Empty(redirected.ToString());
    }

    [Fact]
    public void Progress_is_silent_when_stderr_is_not_a_terminal()
    {
        var redirected = new StringWriter();
        var progress = new ProgressLine(redirected, terminal: false);

        progress.Report("run", "file", 7, 38);
        progress.Clear();

        Assert.Empty(redirected.ToString());
        // A writer of the caller's (a test's, LocalRun's) is never the terminal, whatever the console is.
        var given = new StringWriter();
        ProgressLine.For(given).Report("run", "file", 1, 1);
        Assert.Empty(given.ToString());
    }
}
