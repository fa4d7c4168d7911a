#:sdk Microsoft.NET.Sdk.Web
#:property InvariantGlobalization=true

// The example's upstream: http://localhost:8001, answering with what reached it.
// Run: dotnet run server.cs   (Ctrl+C stops it)
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(8001));

var app = builder.Build();
app.Run(context => context.Response.WriteAsync(
    $"Server :8001 got {context.Request.Method} {context.Request.Path} ({context.Request.Protocol}), "
    + $"X-Forwarded-Proto: {context.Request.Headers["X-Forwarded-Proto"]}\n"));
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("upstream listening on http://localhost:8001 (Ctrl+C stops it)"));
app.Run();
