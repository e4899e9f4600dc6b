#!/usr/bin/env python3
# Checks the application icons: each exists, is well-formed SVG, has the
# canvas size of its directory (128 px scalable, 16 px symbolic), and the
# symbolic icon draws in one colour only so that GTK can recolour it.
#
# Usage: check-icons.py ICONS_DIR APPLICATION_ID

import re
import sys
import xml.etree.ElementTree as ET

SVG_NS = '{http://www.w3.org/2000/svg}'


def check(path, size, symbolic):
    errors = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return [f'{path}: {e}']
    if root.tag != SVG_NS + 'svg':
        errors.append(f'{path}: the root element is not <svg>')
    for attr in ('width', 'height'):
        value = root.get(attr, '')
        if value.removesuffix('px') != str(size):
            errors.append(f'{path}: {attr} is "{value}", expected {size}')
    if root.get('viewBox', '').split() != ['0', '0', str(size), str(size)]:
        errors.append(f'{path}: viewBox is not "0 0 {size} {size}"')
    if symbolic:
        colours = set()
        for element in root.iter():
            for attr in ('fill', 'stroke'):
                value = element.get(attr)
                if value and value != 'none':
                    colours.add(value.lower())
            style = element.get('style', '')
            colours.update(m.lower() for m in re.findall(r'(?:fill|stroke)\s*:\s*(#[0-9a-fA-F]+)', style))
        if len(colours) > 1:
            errors.append(f'{path}: a symbolic icon uses one colour, found {sorted(colours)}')
        if root.find(f'.//{SVG_NS}linearGradient') is not None or root.find(f'.//{SVG_NS}image') is not None:
            errors.append(f'{path}: a symbolic icon has no gradients or bitmaps')
    return errors


def main():
    icons, app_id = sys.argv[1], sys.argv[2]
    errors = []
    errors += check(f'{icons}/hicolor/scalable/apps/{app_id}.svg', 128, False)
    errors += check(f'{icons}/hicolor/symbolic/apps/{app_id}-symbolic.svg', 16, True)
    for error in errors:
        print(error, file=sys.stderr)
    print('ok' if not errors else f'{len(errors)} problem(s)')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
