namespace UmsOrleans.Engine.Search;

/// <summary>
/// Keeps the best k products seen so far in a binary min-heap whose root is the worst kept one, so a candidate
/// that cannot enter is rejected with one comparison. Candidates are grouped by <see cref="RankedCandidate.Slot"/>
/// (the product): a product offered again keeps its best score, so the heap holds k distinct products. A floor
/// (the query's minimum score) rejects everything below it.
/// </summary>
public sealed class TopKCollector
{
    private readonly RankedCandidate[] _heap;
    private readonly Dictionary<int, int> _positionOfSlot;
    private readonly float _floor;
    private int _count;

    public TopKCollector(int k, float floor = float.NegativeInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _heap = new RankedCandidate[k];
        _positionOfSlot = new Dictionary<int, int>(Math.Min(k, 1024));
        _floor = floor;
    }

    public int K => _heap.Length;

    public int Count => _count;

    /// <summary>A score strictly below this can never enter (the floor until the heap is full).</summary>
    public float Threshold => _count < _heap.Length ? _floor : Math.Max(_floor, _heap[0].Score);

    /// <summary>Offers product <paramref name="slot"/>; <paramref name="id"/> is read only when the score could enter.</summary>
    public void Offer(float score, int slot, string[] ids)
    {
        if (score < Threshold) return;
        Offer(new RankedCandidate(score, ids[slot], slot));
    }

    public void Offer(RankedCandidate candidate)
    {
        if (candidate.Score < _floor) return;
        if (_positionOfSlot.TryGetValue(candidate.Slot, out var position))
        {
            // Already kept: a better score moves it away from the root (the worst end).
            if (!candidate.RanksBefore(_heap[position])) return;
            _heap[position] = candidate;
            SiftDown(position);
        }
        else if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            _positionOfSlot[candidate.Slot] = _count;
            SiftUp(_count++);
        }
        else if (candidate.RanksBefore(_heap[0]))
        {
            _positionOfSlot.Remove(_heap[0].Slot);
            _heap[0] = candidate;
            _positionOfSlot[candidate.Slot] = 0;
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
            Swap(parent, index);
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
            Swap(index, worst);
            index = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        _positionOfSlot[_heap[a].Slot] = a;
        _positionOfSlot[_heap[b].Slot] = b;
    }
}
