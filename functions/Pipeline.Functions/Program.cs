using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Pipeline.Adapters.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddPipeline(builder.Configuration);
builder.Build().Run();
