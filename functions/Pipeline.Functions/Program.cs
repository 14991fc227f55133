using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Adapters.Hosting;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Publish;

var builder = FunctionsApplication.CreateBuilder(args);
// ASP.NET Core integration: the host hands HTTP requests to the worker as they are, so the report streams to the browser.
builder.ConfigureFunctionsWebApplication();
builder.Logging.AddLevelsOfHostJson();
builder.Services.AddPipeline(builder.Configuration);
builder.Services.AddReportSignIn(builder.Configuration);
builder.Services.AddSingleton<ReportTokenVerifier>();
builder.Services.AddSingleton<ReportServer>();
builder.Build().Run();
