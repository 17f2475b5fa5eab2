"""Words that put an hour of a 12-hour clock before or after noon, in tg, ru and en.

Read by the job check ("с 5 утра до 7 вечера" is a 14-hour day) and by the person's
answer to "What time is it where you are now?" ("8 бегоҳ" is 20:00). Prefixes: a word
is after noon when it begins with one ("вечера", "бегоҳӣ").
"""

from __future__ import annotations

AFTERNOON = ("pm", "p.m", "вечер", "дня", "бегоҳ", "бегох", "begoh", "shom", "шом")
MORNING = ("am", "a.m", "утра", "ночи", "саҳар", "сахар", "pagohi", "пагоҳ", "пагох")
