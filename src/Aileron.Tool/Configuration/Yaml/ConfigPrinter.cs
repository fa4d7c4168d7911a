using System.Collections;
using System.Globalization;
using Aileron.Configuration.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Aileron.Configuration.Yaml;

/// <summary>
/// Writes the effective config (defaults filled) back as YAML: one document per resource, fields in
/// schema order, empty strings and lists left out. The output loads back to the same config.
/// </summary>
internal static class ConfigPrinter
{
    public static void Print(ProxyConfig config, TextWriter output)
    {
        var emitter = new Emitter(output, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        foreach (var resource in config.Resources)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            emitter.Emit(new MappingStart());
            Scalar(emitter, "apiVersion");
            Scalar(emitter, resource.ApiVersion);
            Scalar(emitter, "kind");
            Scalar(emitter, resource.Kind);
            Scalar(emitter, "metadata");
            EmitNode(emitter, resource.Metadata);
            Scalar(emitter, "spec");
            EmitNode(emitter, resource.Spec!);
            emitter.Emit(new MappingEnd());
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
    }

    private static void EmitNode(IEmitter emitter, ConfigNode node)
    {
        emitter.Emit(new MappingStart());
        foreach (var field in ConfigSchema.For(node.GetType()).Fields)
        {
            var value = field.Property.GetValue(node);
            if (value is null or "" || value is ICollection { Count: 0 })
            {
                continue;
            }

            Scalar(emitter, field.YamlName);
            EmitValue(emitter, value);
        }

        emitter.Emit(new MappingEnd());
    }

    private static void EmitValue(IEmitter emitter, object value)
    {
        switch (value)
        {
            case ConfigNode node:
                EmitNode(emitter, node);
                break;
            case string text:
                emitter.Emit(new Scalar(null, null, text, ScalarStyle.DoubleQuoted, false, true));
                break;
            case bool flag:
                Scalar(emitter, flag ? "true" : "false");
                break;
            case int or long or double:
                Scalar(emitter, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case TimeSpan duration:
                Scalar(emitter, DurationParser.Format(duration));
                break;
            case Enum:
                Scalar(emitter, value.ToString()!);
                break;
            case IReadOnlyDictionary<string, string> map:
                emitter.Emit(new MappingStart());
                foreach (var (name, text) in map)
                {
                    Scalar(emitter, name);
                    emitter.Emit(new Scalar(null, null, text, ScalarStyle.DoubleQuoted, false, true));
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in items)
                {
                    EmitValue(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new NotSupportedException($"cannot print config value of type {value.GetType()}");
        }
    }

    private static void Scalar(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value, ScalarStyle.Plain, true, false));
}
