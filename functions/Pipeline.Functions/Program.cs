using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Adapters.Hosting;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Publish;
using Pipeline.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
// ASP.NET Core integration: the host hands HTTP requests to the worker as they are, so the report streams to the browser.
builder.ConfigureFunctionsWebApplication();
builder.Logging.AddLevelsOfHostJson();
builder.AddPipelineTelemetry();
builder.Services.AddPipeline(builder.Configuration);
// Serving the report: the caller's Entra token checked by the app itself, then the blob streamed.
builder.Services.AddReportSignIn(builder.Configuration);
builder.Services.AddSingleton<ReportTokenVerifier>();
builder.Services.AddSingleton<ReportServer>();
builder.Build().Run();
