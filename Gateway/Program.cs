using UmsOrleans.Gateway.Cli;
using UmsOrleans.Gateway.Hosting;

if (CliApp.IsVerb(args)) return await CliApp.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddUmsGateway();
var app = builder.Build();
app.MapUmsGateway();
await app.RunAsync();
return 0;

public partial class Program;
