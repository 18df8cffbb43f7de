using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// Answers the console's adapter requests in the browser, in the shapes of the adapters API (issue #14): the versions
/// of a collection, training jobs whose progress the test moves on (barriers, not sleeps), cancel and activation.
/// Every POST the console sent is kept, in order, as "path body".
/// </summary>
internal sealed partial class FakeAdapterApi
{
    public const int Total = 81;

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _adapters = [];
    private readonly List<JsonObject> _jobs = [];
    private readonly List<string> _posts = [];
    private int? _active;
    private TaskCompletionSource? _activationGate;

    /// <summary>v1: an LDA adapter on products (active); v2: a CCA alignment on brands.</summary>
    public FakeAdapterApi()
    {
        _adapters.Add(Adapter(1, "adapt", "product", "lda", pairs: 0, (0.1, 0.61, 0.40), (1.0, 0.58, 0.43)));
        _adapters.Add(Adapter(2, "align", "attributes.brand", "cca", pairs: 4000, (0.1, 0.35, 0.22)));
        _active = 1;
    }

    /// <summary>Set: the next activation is answered with this problem (409).</summary>
    public string? RefuseActivation { get; set; }

    public IReadOnlyList<string> Posts
    {
        get { lock (_gate) return [.. _posts]; }
    }

    public int? Active
    {
        get { lock (_gate) return _active; }
        set { lock (_gate) _active = value; }
    }

    /// <summary>Activations wait for <see cref="ReleaseActivations"/> before they answer (the shards' re-projection).</summary>
    public void HoldActivations()
    {
        lock (_gate) _activationGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseActivations()
    {
        lock (_gate) _activationGate?.TrySetResult();
    }

    /// <summary>Changes the newest job, as the next poll sees it.</summary>
    public void UpdateJob(Action<JsonObject> change)
    {
        lock (_gate) change(_jobs[0]);
    }

    /// <summary>The newest job completes as a new version, which the list then has.</summary>
    public void CompleteJob()
    {
        lock (_gate)
        {
            var job = _jobs[0];
            var version = _adapters.Max(a => a["version"]!.GetValue<int>()) + 1;
            _adapters.Add(Adapter(version, job["kind"]!.GetValue<string>(), job["label"]!.GetValue<string>(), "lda", pairs: 0, (0.1, 0.70, 0.50)));
            job["phase"] = "Completed"; job["step"] = "saving"; job["done"] = Total; job["finished"] = true; job["version"] = version; job["elapsedSeconds"] = 4.2;
        }
    }

    public async Task AttachAsync(IPage page) => await page.RouteAsync(AdaptersPath(), AnswerAsync);

    [GeneratedRegex("/collections/([^/?]+)/adapters(/[^?]*)?(\\?.*)?$")]
    private static partial Regex AdaptersPath();

    private async Task AnswerAsync(IRoute route)
    {
        var match = AdaptersPath().Match(route.Request.Url);
        var collection = Uri.UnescapeDataString(match.Groups[1].Value);
        var rest = match.Groups[2].Value.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var post = route.Request.Method == "POST";
        if (post) lock (_gate) _posts.Add($"{new Uri(route.Request.Url).AbsolutePath} {route.Request.PostData}".TrimEnd());
        switch (rest)
        {
            case [] when post: await TrainAsync(route, collection); break;
            case []: await JsonAsync(route, 200, Info(collection)); break;
            case ["jobs"]: await JsonAsync(route, 200, Locked(() => new JsonArray([.. _jobs.Select(j => j.DeepClone())]))); break;
            case ["jobs", var id]: await JsonAsync(route, 200, Locked(() => _jobs.Single(j => j["jobId"]!.GetValue<string>() == id).DeepClone())); break;
            case ["jobs", var id, "cancel"] when post:
                await JsonAsync(route, 202, Locked(() =>
                {
                    var job = _jobs.Single(j => j["jobId"]!.GetValue<string>() == id);
                    job["phase"] = "Cancelled"; job["finished"] = true;
                    return job.DeepClone();
                }));
                break;
            case [var version, "activate"] when post: await ActivateAsync(route, collection, version); break;
            default: await route.FulfillAsync(new() { Status = 404 }); break;
        }
    }

    private async Task TrainAsync(IRoute route, string collection)
    {
        var body = JsonNode.Parse(route.Request.PostData!)!.AsObject();
        var label = body["label"]!.GetValue<string>();
        if (label == "attributes.nope")
        {
            await ProblemAsync(route, 400, "The request is invalid.", "label: no product has the attribute 'nope'.", """{"label":["no product has the attribute 'nope'."]}""");
            return;
        }
        var job = Locked(() =>
        {
            var created = new JsonObject
            {
                ["jobId"] = $"job-{_jobs.Count + 1}", ["collection"] = collection, ["kind"] = body["kind"]!.GetValue<string>(), ["label"] = label,
                ["phase"] = "Running", ["step"] = "reading products", ["done"] = 0, ["total"] = Total, ["elapsedSeconds"] = 0.1,
                ["finished"] = false, ["error"] = null, ["version"] = null,
            };
            _jobs.Insert(0, created);
            return created.DeepClone();
        });
        await route.FulfillAsync(new()
        {
            Status = 202, ContentType = "application/json", Body = job.ToJsonString(),
            Headers = new Dictionary<string, string> { ["Location"] = $"/collections/{collection}/adapters/jobs/{job["jobId"]}" },
        });
    }

    private async Task ActivateAsync(IRoute route, string collection, string version)
    {
        Task hold;
        lock (_gate) hold = _activationGate?.Task ?? Task.CompletedTask;
        await hold;
        if (RefuseActivation is { } refusal)
        {
            RefuseActivation = null;
            await ProblemAsync(route, 409, refusal, "Another activation of this collection is under way.", "{}");
            return;
        }
        lock (_gate) _active = version == "none" ? null : int.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
        await JsonAsync(route, 200, Info(collection));
    }

    private JsonObject Info(string collection) => Locked(() =>
    {
        var adapters = new JsonArray([.. _adapters.Select(a =>
        {
            var copy = a.DeepClone().AsObject();
            copy["active"] = a["version"]!.GetValue<int>() == _active;
            return copy;
        })]);
        var aligned = _adapters.Any(a => a["version"]!.GetValue<int>() == _active && a["kind"]!.GetValue<string>() == "align");
        return new JsonObject { ["collection"] = collection, ["active"] = _active, ["alignedTextSearchesImage"] = aligned, ["adapters"] = adapters };
    });

    private static JsonObject Adapter(int version, string kind, string label, string method, int pairs, params (double Regularisation, double TopOne, double Map)[] validation) => new()
    {
        ["version"] = version, ["kind"] = kind, ["label"] = label, ["targetSpace"] = "image.adapted", ["targetDimension"] = 80,
        ["sourceSpaces"] = kind == "align" ? new JsonArray("text", "image") : new JsonArray("image"), ["method"] = method,
        ["regularisation"] = validation[0].Regularisation, ["vectors"] = 5502, ["labels"] = 81, ["pairs"] = pairs,
        ["validation"] = new JsonArray([.. validation.Select(v => new JsonObject { ["regularisation"] = v.Regularisation, ["topOne"] = v.TopOne, ["meanAveragePrecision"] = v.Map })]),
        ["seed"] = 0, ["createdAt"] = $"2026-12-0{version}T12:00:00Z", ["bytes"] = 163_000, ["active"] = false,
    };

    private T Locked<T>(Func<T> read)
    {
        lock (_gate) return read();
    }

    private static Task JsonAsync(IRoute route, int status, JsonNode body) =>
        route.FulfillAsync(new() { Status = status, ContentType = "application/json", Body = body.ToJsonString() });

    private static Task ProblemAsync(IRoute route, int status, string title, string detail, string errors) =>
        route.FulfillAsync(new()
        {
            Status = status, ContentType = "application/problem+json",
            Body = $$"""{"title":{{JsonValue.Create(title).ToJsonString()}},"status":{{status}},"detail":{{JsonValue.Create(detail).ToJsonString()}},"errors":{{errors}}}""",
        });
}
