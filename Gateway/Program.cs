using UmsOrleans.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddUmsGateway();
var app = builder.Build();
app.MapUmsGateway();
app.Run();

public partial class Program;
