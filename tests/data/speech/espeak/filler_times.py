#!/usr/bin/python3
# Times of the filler words in the clips that make.sh generates, from
# espeak-ng's own word events (libespeak-ng through ctypes), so that a
# detector can be scored by time and not only by count.
# Written for the Shortlist project; this script and its output are CC0.
# Needs: espeak-ng (libespeak-ng1) of the version that made the clips.
# Usage: /usr/bin/python3 filler_times.py > filler-times.jsonl
# Each segment between inserted pauses is synthesised again with the same
# voice, rate and flags as the espeak-ng command line (espeakENDPAUSE), and
# the sample count is checked against the command line's own output.
import ctypes, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 22050
ESPEAK_ENDPAUSE = 0x1000
ESPEAK_CHARS_UTF8 = 1
EVENT_WORD = 1


class EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", EventId)]


CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))
lib = ctypes.CDLL("libespeak-ng.so.1")
state = {"samples": 0, "words": []}


def on_audio(wav, n, events):
    state["samples"] += n
    i = 0
    while events[i].type != 0:
        if events[i].type == EVENT_WORD:
            state["words"].append((events[i].text_position, events[i].sample))
        i += 1
    return 0


on_audio_c = CALLBACK(on_audio)


def synth(text, voice, wpm):
    if lib.espeak_Initialize(2, 0, None, 0) != RATE:   # AUDIO_OUTPUT_SYNCHRONOUS
        sys.exit("unexpected espeak-ng sample rate")
    lib.espeak_SetSynthCallback(on_audio_c)
    lib.espeak_SetVoiceByName(voice.encode())
    lib.espeak_SetParameter(1, wpm, 0)   # espeakRATE
    state["samples"], state["words"] = 0, []
    data = text.encode()
    lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, ESPEAK_ENDPAUSE | ESPEAK_CHARS_UTF8, None, None)
    lib.espeak_Synchronize()
    return state["samples"], list(state["words"])


def synth_fresh(text, voice, wpm):
    # espeak-ng keeps state between texts (a second run of the same text
    # comes out longer) and cannot be restarted in one process, so each
    # segment is synthesised by a fresh process, as each command line run was.
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--segment", voice, str(wpm), text],
                         capture_output=True, text=True, check=True).stdout
    n, words = json.loads(out)
    return n, [tuple(w) for w in words]


if len(sys.argv) == 5 and sys.argv[1] == "--segment":
    print(json.dumps(synth(sys.argv[4], sys.argv[2], int(sys.argv[3]))))
    sys.exit(0)


def cli_samples(text, voice, wpm):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", path, text], check=True)
        return int(subprocess.run(["soxi", "-s", path], capture_output=True, text=True, check=True).stdout)


spec = open(os.path.join(HERE, "make.sh"), encoding="utf-8").read()
spec = spec.split("<<'SPEC'\n", 1)[1].split("\nSPEC\n", 1)[0]
for line in spec.splitlines():
    if not line.strip():
        continue
    cid, wpm, voice, text = line.split("|", 3)
    wpm = int(wpm)
    t = 0.0
    word_index = 0
    fillers = []
    for part in re.split(r"(\[pause:[0-9.]+\])", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"\[pause:([0-9.]+)\]", part)
        if m:
            t += float(m.group(1))
            continue
        plain = re.sub(r"[{}]", "", part)
        n, events = synth_fresh(plain, voice, wpm)
        if n != cli_samples(plain, voice, wpm):
            sys.exit(f"{cid}: library and command line disagree ({n} vs {cli_samples(plain, voice, wpm)} samples); cannot time the fillers")
        # Character offsets of the words of the plain text, and of the fillers.
        words = [(m.start(), m.group()) for m in re.finditer(r"[A-Za-z0-9']+", plain)]
        starts = {}
        for pos, sample in events:           # text_position is 1-based
            starts.setdefault(pos - 1, sample)
        word_starts = [starts.get(off) for off, _ in words]
        offset = 0
        k = 0
        for tok in re.split(r"(\{[^}]+\})", part):
            n_tok = len(re.findall(r"[A-Za-z0-9']+", tok))
            if tok.startswith("{"):
                first, last = k, k + n_tok - 1
                if word_starts[first] is None:
                    sys.exit(f"{cid}: no word event for filler {tok}")
                end = next((s for s in word_starts[last + 1:] if s is not None), n)
                fillers.append({"filler": tok[1:-1].lower(), "word_index": word_index + first,
                                "start_s": round(t + word_starts[first] / RATE, 3),
                                "end_s": round(t + end / RATE, 3)})
            k += n_tok
        word_index += len(words)
        t += n / RATE
    print(json.dumps({"file": f"{cid}.wav", "fillers": fillers}))
