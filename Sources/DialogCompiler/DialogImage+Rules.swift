import DialogModel

// The rule layer of the compiled dialog in the image: conditions and their subjects, effects, answer values and
// templates, written as a tag and their fields, and read back checking every tag (see DialogImage+Dialog.swift).

extension ImageWriter {
    mutating func condition(_ c: Condition) {
        switch c {
        case .always: tag(0)
        case .not(let inner):
            tag(1)
            condition(inner)
        case .all(let parts):
            tag(2)
            array(parts) { $0.condition($1) }
        case .any(let parts):
            tag(3)
            array(parts) { $0.condition($1) }
        case .choice(let s, let set):
            tag(4)
            subject(s)
            uint(set.bits)
        case .compare(let s, let op, let v):
            tag(5)
            subject(s)
            tag(UInt8(ImageKinds.comparison.firstIndex(of: op)!))
            double(v)
        case .flag(let f, let values):
            tag(6)
            int(f)
            array(values) { $0.int(Int($1)) }
        case .isSet(let s):
            tag(7)
            subject(s)
        case .found(let set):
            tag(8)
            uint(set.low)
            uint(set.high)
        case .compareNodes(let a, let op, let b):
            tag(9)
            subject(a)
            tag(UInt8(ImageKinds.comparison.firstIndex(of: op)!))
            subject(b)
        }
    }

    mutating func subject(_ s: Condition.Subject) {
        switch s {
        case .answer: tag(0)
        case .node(let i):
            tag(1)
            int(i)
        case .variable(let i):
            tag(2)
            int(i)
        }
    }

    mutating func effect(_ e: Effect) {
        switch e {
        case .finding(let i):
            tag(0)
            int(i)
        case .setFlag(let f, let v):
            tag(1)
            int(f)
            int(Int(v))
        case .setVariable(let v, let t):
            tag(2)
            int(v)
            template(t)
        case .note(let i):
            tag(3)
            int(i)
        case .verify(let t):
            tag(4)
            template(t)
        case .example(let t):
            tag(5)
            template(t)
        case .findingOfItem:
            tag(6)
        }
    }

    mutating func value(_ v: Value) {
        switch v {
        case .choice(let i):
            tag(0)
            int(i)
        case .choices(let set):
            tag(1)
            uint(set.bits)
        case .number(let d):
            tag(2)
            double(d)
        case .text(let s):
            tag(3)
            string(s)
        case .none: tag(4)
        }
    }

    mutating func template(_ t: Template) {
        string(t.source)
        array(t.parts) { w, p in
            switch p {
            case .text(let s):
                w.tag(0)
                w.string(s)
            case .variable(let i):
                w.tag(1)
                w.int(i)
            case .answer(let i):
                w.tag(2)
                w.int(i)
            case .item: w.tag(3)
            case .itemDetail: w.tag(4)
            }
        }
    }
}

extension ImageReader {
    mutating func condition() throws -> Condition {
        switch try tag(10) {
        case 0: return .always
        case 1: return .not(try condition())
        case 2: return .all(try array { try $0.condition() })
        case 3: return .any(try array { try $0.condition() })
        case 4: return .choice(try subject(), ChoiceSet(bits: try uint()))
        case 5:
            let s = try subject()
            return .compare(s, ImageKinds.comparison[tag: try tag(UInt8(ImageKinds.comparison.count))], try double())
        case 6: return .flag(try int(), try array { try $0.int16() })
        case 7: return .isSet(try subject())
        case 9:
            let a = try subject()
            let op = ImageKinds.comparison[tag: try tag(UInt8(ImageKinds.comparison.count))]
            return .compareNodes(a, op, try subject())
        default:
            var set = FindingSet()
            set.low = try uint()
            set.high = try uint()
            return .found(set)
        }
    }

    mutating func subject() throws -> Condition.Subject {
        switch try tag(3) {
        case 0: return .answer
        case 1: return .node(try int())
        default: return .variable(try int())
        }
    }

    mutating func effect() throws -> Effect {
        switch try tag(7) {
        case 0: return .finding(try int())
        case 1: return .setFlag(try int(), try int16())
        case 2: return .setVariable(try int(), try template())
        case 3: return .note(try int())
        case 4: return .verify(try template())
        case 5: return .example(try template())
        default: return .findingOfItem
        }
    }

    mutating func value() throws -> Value {
        switch try tag(5) {
        case 0: return .choice(try int())
        case 1: return .choices(ChoiceSet(bits: try uint()))
        case 2: return .number(try double())
        case 3: return .text(try string())
        default: return Value.none
        }
    }

    mutating func template() throws -> Template {
        let source = try string()
        let parts = try array { r -> Template.Part in
            switch try r.tag(5) {
            case 0: return .text(try r.string())
            case 1: return .variable(try r.int())
            case 2: return .answer(try r.int())
            case 3: return .item
            default: return .itemDetail
            }
        }
        return Template(parts: parts, source: source)
    }
}
