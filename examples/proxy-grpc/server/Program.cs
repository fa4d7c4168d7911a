using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProxyGrpc;

// The example's gRPC upstream: h2c (HTTP/2 with prior knowledge) on 127.0.0.1:50051 and HTTP/2 over
// TLS on 127.0.0.1:50052, with a certificate made at start whose CA goes to FOLDER/ca.pem.
//   dotnet run --project examples/proxy-grpc/server -- FOLDER   (Ctrl+C stops it; run.sh passes examples/proxy-grpc/pki)
var folder = args.Length > 0 ? args[0] : "pki";
var certificate = DemoCertificates.Create(folder);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Services.AddGrpc();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, 50051, listen => listen.Protocols = HttpProtocols.Http2);
    kestrel.Listen(IPAddress.Loopback, 50052, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(certificate);
    });
});

var app = builder.Build();
app.MapGrpcService<GreeterService>();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"gRPC upstream: h2c on http://127.0.0.1:50051, TLS on https://127.0.0.1:50052 (CA in {Path.GetFullPath(Path.Combine(folder, "ca.pem"))})"));
app.Run();
