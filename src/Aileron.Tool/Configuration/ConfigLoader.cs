using System.Text.RegularExpressions;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;
using Aileron.Configuration.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Aileron.Configuration;

/// <summary>
/// Loads AILERON core/v1 YAML from one or more files into a <see cref="ProxyConfig"/>: parses every
/// document with positions, binds and checks each resource, resolves references with their
/// defaults, validates, and fills defaults. It reports every problem it finds in one pass.
/// </summary>
internal static partial class ConfigLoader
{
    private static readonly string[] ResourceFields = ["apiVersion", "kind", "metadata", "spec"];

    public static LoadResult LoadFiles(IReadOnlyList<string> paths)
    {
        var diagnostics = new DiagnosticBag();
        var sources = new List<(string Path, string Text)>();
        foreach (var path in paths)
        {
            try
            {
                sources.Add((path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(new SourcePosition(path, 1, 1), $"cannot read file: {e.Message}");
            }
        }

        return Load(sources, diagnostics);
    }

    /// <summary>Loads YAML texts; <paramref name="sources"/> pairs a display path with its text.</summary>
    public static LoadResult Load(IReadOnlyList<(string Path, string Text)> sources, DiagnosticBag? diagnostics = null)
    {
        diagnostics ??= new DiagnosticBag();
        var resources = new List<Resource>();
        foreach (var (path, text) in sources)
        {
            resources.AddRange(ParseFile(path, text, diagnostics));
        }

        var byId = new Dictionary<ResourceId, Resource>();
        foreach (var resource in resources)
        {
            if (!byId.TryAdd(resource.Id, resource))
            {
                var first = byId[resource.Id];
                diagnostics.Error(
                    resource.Position,
                    $"duplicate resource {resource.Kind} '{resource.Metadata.Namespace}/{resource.Metadata.Name}': "
                    + $"first defined at {first.Position}; give one of them another metadata.name");
            }
        }

        // AILERON kinds aileron does not run are kept aside (spec-less) to be named when something refers to them.
        var unsupported = resources.Where(r => r.Spec is null).ToList();
        resources = [.. resources.Where(r => r.Spec is not null)];
        foreach (var resource in resources)
        {
            ConfigValidator.Validate(resource, diagnostics);
        }

        var normalized = resources.Select(ConfigNormalizer.Normalize).ToList();
        var normalizedById = normalized.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var files = sources.Select(s => s.Path).ToList();
        var refused = new HashSet<ResourceId>();
        var servers = ResolveGraph(files, normalized, normalizedById, refused, diagnostics);
        var entry = normalized.FirstOrDefault(r => r.Spec is EntrypointSpec)?.Spec as EntrypointSpec;
        foreach (var unused in normalized.Where(r => r.Spec is ErrorHandlerSpec && r.Id != entry?.DefaultErrorHandler?.Id))
        {
            diagnostics.Warning(
                unused.PositionOf("kind"),
                $"ErrorHandler '{unused.Metadata.Namespace}/{unused.Metadata.Name}' is not the Entrypoint's defaultErrorHandler: it answers no error");
        }

        foreach (var resource in unsupported.Where(r => !refused.Contains(r.Id)))
        {
            diagnostics.Warning(resource.PositionOf("kind"), $"{ResourceKinds.Refusal(resource.Kind)}; ignored: nothing aileron runs refers to it");
        }

        var config = diagnostics.HasErrors ? null : new ProxyConfig(files, normalized, servers);
        return new LoadResult(config, diagnostics.Sorted());
    }

    private static List<Resource> ParseFile(string path, string text, DiagnosticBag diagnostics)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Error(
                new SourcePosition(path, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column)),
                "YAML syntax: " + CleanYamlMessage(e));
            return [];
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these without a position for some malformed input; report where it stopped.
            diagnostics.Error(
                new SourcePosition(path, Math.Max(1, (int)parser.LastMark.Line), Math.Max(1, (int)parser.LastMark.Column)),
                $"YAML syntax: cannot parse the document after this point ({e.Message.TrimEnd('.')})");
            return [];
        }

        var documents = stream.Documents.Where(d => !YamlBinder.IsNull(d.RootNode)).ToList();
        if (documents.Count == 0)
        {
            diagnostics.Error(
                new SourcePosition(path, 1, 1),
                "file is empty: expected at least one resource with apiVersion, kind and spec");
            return [];
        }

        var binder = new YamlBinder(path, diagnostics);
        var resources = new List<Resource>();
        foreach (var document in documents)
        {
            if (document.RootNode is not YamlMappingNode map)
            {
                diagnostics.Error(
                    binder.At(document.RootNode),
                    $"expected a resource (a mapping with apiVersion, kind, metadata and spec), found {YamlBinder.Describe(document.RootNode)}");
                continue;
            }

            var resource = ParseResource(binder, map, diagnostics);
            if (resource is not null)
            {
                resources.Add(resource);
            }
        }

        return resources;
    }

    private static Resource? ParseResource(YamlBinder binder, YamlMappingNode map, DiagnosticBag diagnostics)
    {
        var at = binder.At(map);
        YamlNode? apiVersionNode = null, kindNode = null, metadataNode = null, specNode = null;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "apiVersion": apiVersionNode = valueNode; break;
                case "kind": kindNode = valueNode; break;
                case "metadata": metadataNode = valueNode; break;
                case "spec": specNode = valueNode; break;
                default:
                    var suggestion = NameSuggester.Closest(key, ResourceFields);
                    diagnostics.Error(
                        binder.At(keyNode),
                        $"unknown field '{key}' in the resource"
                        + (suggestion is null ? "; expected apiVersion, kind, metadata and spec" : $"; did you mean '{suggestion}'?"));
                    break;
            }
        }

        var apiVersion = ScalarOrNull(apiVersionNode);
        var kind = ScalarOrNull(kindNode);
        if (apiVersion is null)
        {
            diagnostics.Error(apiVersionNode is null ? at : binder.At(apiVersionNode), "missing apiVersion: expected 'apiVersion: core/v1'");
            return null;
        }

        if (kind is null)
        {
            diagnostics.Error(
                kindNode is null ? at : binder.At(kindNode),
                $"missing kind: expected one of {string.Join(", ", ResourceKinds.Implemented.Keys)}");
            return null;
        }

        var metadata = metadataNode is null || YamlBinder.IsNull(metadataNode)
            ? new Metadata { Position = at }
            : binder.BindMapping<Metadata>(metadataNode, "metadata") ?? new Metadata { Position = at };
        var kindAt = new Dictionary<string, SourcePosition>
        {
            ["apiVersion"] = binder.At(apiVersionNode!),
            ["kind"] = binder.At(kindNode!),
        };
        if (ResourceKinds.IsUnsupported(apiVersion, kind))
        {
            // Named when something refers to it, or when nothing does (see Load).
            return new Resource { ApiVersion = apiVersion, Kind = kind, Metadata = metadata, Position = at, FieldPositions = kindAt };
        }

        if (apiVersion == ResourceKinds.AppV1)
        {
            var closest = NameSuggester.Closest(kind, ResourceKinds.AppKinds);
            diagnostics.Error(
                binder.At(kindNode!),
                $"unknown kind '{kind}' in {ResourceKinds.AppV1}" + (closest is null ? string.Empty : $"; did you mean '{closest}'?"));
            return null;
        }

        if (apiVersion != Resource.CoreV1)
        {
            diagnostics.Error(binder.At(apiVersionNode!), $"unknown apiVersion '{apiVersion}': expected 'core/v1'");
            return null;
        }

        if (!ResourceKinds.Implemented.TryGetValue(kind, out var specType))
        {
            var suggestion = NameSuggester.Closest(kind, ResourceKinds.AllKnown);
            diagnostics.Error(
                binder.At(kindNode!),
                $"unknown kind '{kind}'"
                + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?")
                + $" aileron runs {string.Join(", ", ResourceKinds.Implemented.Keys)}");
            return null;
        }

        ConfigNode? spec;
        if (specNode is null || YamlBinder.IsNull(specNode))
        {
            spec = (ConfigNode)Activator.CreateInstance(specType)!;
            spec = spec with { Position = at, Path = "spec" };
        }
        else if (specNode is YamlMappingNode specMap)
        {
            spec = (ConfigNode)typeof(YamlBinder).GetMethod(nameof(YamlBinder.Bind))!.MakeGenericMethod(specType)
                .Invoke(binder, [specMap, "spec"])!;
        }
        else
        {
            diagnostics.Error(binder.At(specNode), $"spec: expected a mapping, found {YamlBinder.Describe(specNode)}");
            return null;
        }

        return new Resource
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Metadata = metadata,
            Spec = spec,
            Position = at,
            Path = string.Empty,
            FieldPositions = kindAt,
        };

        static string? ScalarOrNull(YamlNode? node) =>
            node is YamlScalarNode s && !YamlBinder.IsNull(s) ? s.Value : null;
    }

    /// <param name="refused">Collects the AILERON resources of kinds aileron does not run that something refers to.</param>
    private static List<ServerConfig> ResolveGraph(
        IReadOnlyList<string> files, List<Resource> resources, Dictionary<ResourceId, Resource> byId, HashSet<ResourceId> refused,
        DiagnosticBag diagnostics)
    {
        // Handlers are resolved on every HTTPServer, run or not, so a broken reference is reported
        // even in a server the Entrypoint does not list yet.
        var resolver = new Resolver(byId, refused, diagnostics);
        foreach (var proxy in byId.Values.Select(r => r.Spec).OfType<ReverseProxyHandlerSpec>())
        {
            resolver.RefuseAll(proxy.Tripperwares, "tripperware");
        }

        var hostsByServer = byId.Values.Where(r => r.Spec is HttpServerSpec).ToDictionary(
            r => r.Id,
            r =>
            {
                var spec = (HttpServerSpec)r.Spec!;
                resolver.RefuseAll(spec.Middleware, "middleware");
                return spec.VirtualHosts.Select(vh =>
                {
                    resolver.RefuseAll(vh.Middleware, "middleware");
                    var handlers = vh.Handlers.Select(resolver.Handler).OfType<HandlerConfig>().ToList();
                    foreach (var handler in handlers.Where(h => vh.Methods.Count > 0 && h.Methods is { Count: > 0 } && !h.Methods.Intersect(vh.Methods).Any()))
                    {
                        diagnostics.Warning(
                            handler.Spec.Position,
                            $"{handler.Spec.Path}: no method is both in the virtual host's methods and the ReverseProxyHandler's: every request here gets 404 (AILERON would allow every method)");
                    }

                    return new VirtualHostConfig(vh, handlers);
                }).ToList();
            });

        var entrypoints = resources.Where(r => r.Kind == ResourceKinds.Entrypoint).ToList();
        if (entrypoints.Count == 0)
        {
            if (resources.Count > 0 || !diagnostics.HasErrors)
            {
                var at = resources.Count > 0 ? resources[0].Position : new SourcePosition(files.Count > 0 ? files[0] : "-", 1, 1);
                diagnostics.Error(
                    at,
                    "no Entrypoint resource: nothing would run; add one whose spec.runners lists the HTTPServer (kind: Entrypoint)");
            }

            return [];
        }

        foreach (var extra in entrypoints.Skip(1))
        {
            diagnostics.Error(extra.Position, $"a second Entrypoint: only one may exist (the first is at {entrypoints[0].Position})");
        }

        var servers = new List<ServerConfig>();
        var entry = (EntrypointSpec)entrypoints[0].Spec!;
        if (entry.Runners.Count == 0 && !entry.InvalidFields.Contains("runners"))
        {
            diagnostics.Warning(entry.PositionOf("runners"), "Entrypoint has no runners: serve would start nothing");
        }

        ErrorHandlerSpec? errorHandler = null;
        if (entry.DefaultErrorHandler is { } errorHandlerReference)
        {
            errorHandler = resolver.Reference(errorHandlerReference, ResourceKinds.ErrorHandler, "default error handler")?.Spec as ErrorHandlerSpec;
        }

        foreach (var runner in entry.Runners)
        {
            var server = resolver.Reference(runner, ResourceKinds.HttpServer, "runner");
            if (server?.Spec is not HttpServerSpec spec || servers.Any(s => s.Id == server.Id)
                || !ServerListen.TryParse(spec, out var listen, out _))
            {
                continue;
            }

            var clash = servers.FirstOrDefault(s => s.Listen.Overlaps(listen!));
            if (clash is not null)
            {
                diagnostics.Error(
                    ServerListen.PositionOf(spec),
                    $"{ServerListen.FieldOf(spec)}: {listen!.Text} overlaps {clash.Listen.Text} of HTTPServer '{clash.Id.Namespace}/{clash.Id.Name}': give each server its own port");
                continue;
            }

            servers.Add(new ServerConfig(server.Id, spec, listen!, hostsByServer[server.Id], errorHandler));
        }

        foreach (var unused in hostsByServer.Keys.Where(id => servers.All(s => s.Id != id)))
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Warning(
                    byId[unused].Position,
                    $"HTTPServer '{unused.Namespace}/{unused.Name}' is not in the Entrypoint's runners: it will not run");
            }
        }

        return servers;
    }

    private static string CleanYamlMessage(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, string.Empty).Trim();
        if (e.InnerException is not null && message.Length == 0)
        {
            message = e.InnerException.Message;
        }

        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.') : "invalid YAML";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
