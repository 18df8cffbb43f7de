namespace UmsOrleans.Routing;

/// <summary>Encoder grain keys: <c>{model}|{replica}</c>, where model is a name or a manifest path.</summary>
public static class EncoderKey
{
    public static string Format(string model, int replica) => $"{model}|{replica}";

    public static string ModelOf(string key)
    {
        var bar = key.LastIndexOf('|');
        return bar < 0 ? key : key[..bar];
    }
}
