#:sdk Microsoft.NET.Sdk.Web
#:property InvariantGlobalization=true

// The example's five upstream servers: http://localhost:8001 ... :8005, each answering "Server :800N".
// Run: dotnet run server.cs   (Ctrl+C stops them)
var ports = args.Length > 0 ? args.Select(int.Parse).ToArray() : [8001, 8002, 8003, 8004, 8005];
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    foreach (var port in ports)
    {
        kestrel.ListenLocalhost(port);
    }
});

var app = builder.Build();
app.Run(context => context.Response.WriteAsync($"Server :{context.Connection.LocalPort}\n"));
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"upstreams listening on {string.Join(", ", ports.Select(p => $"http://localhost:{p}"))} (Ctrl+C stops them)"));
app.Run();
