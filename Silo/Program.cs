using Microsoft.Extensions.Hosting;
using UmsOrleans.Grains.Hosting;

// A standalone silo of a multi-process cluster. Settings come from appsettings, environment variables
// (Ums__Cluster__Redis, Ums__Catalog__Provider, …) or the command line (--Ums:Cluster:SiloPort=11112).
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddUmsSilo(builder.Configuration));
builder.Build().Run();
