namespace UmsOrleans.Engine.Search;

/// <summary>
/// Keeps the best k candidates seen so far in a binary min-heap whose root is the worst kept one,
/// so a candidate that cannot enter is rejected with one comparison.
/// </summary>
public sealed class TopKCollector
{
    private readonly RankedCandidate[] _heap;
    private int _count;

    public TopKCollector(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _heap = new RankedCandidate[k];
    }

    public int K => _heap.Length;

    public int Count => _count;

    /// <summary>A score strictly below this can never enter (negative infinity until the heap is full).</summary>
    public float Threshold => _count < _heap.Length ? float.NegativeInfinity : _heap[0].Score;

    /// <summary>Offers a candidate; <paramref name="id"/> is read only when the score could enter.</summary>
    public void Offer(float score, int slot, string[] ids)
    {
        if (score < Threshold) return;
        Offer(new RankedCandidate(score, ids[slot], slot));
    }

    public void Offer(RankedCandidate candidate)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            SiftUp(_count++);
        }
        else if (candidate.RanksBefore(_heap[0]))
        {
            _heap[0] = candidate;
            SiftDown(0);
        }
    }

    /// <summary>The kept candidates, best first.</summary>
    public RankedCandidate[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, static (a, b) => a.RanksBefore(b) ? -1 : b.RanksBefore(a) ? 1 : 0);
        return result;
    }

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!_heap[parent].RanksBefore(_heap[index])) break;
            (_heap[parent], _heap[index]) = (_heap[index], _heap[parent]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = 2 * index + 1;
            if (left >= _count) break;
            var worst = left;
            var right = left + 1;
            if (right < _count && _heap[left].RanksBefore(_heap[right])) worst = right;
            if (!_heap[index].RanksBefore(_heap[worst])) break;
            (_heap[index], _heap[worst]) = (_heap[worst], _heap[index]);
            index = worst;
        }
    }
}
