/** The "where and when" block of an email (built by src/server/views/where-and-when.ts); nothing when absent. */
import { Heading } from '@react-email/heading';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { WhereAndWhenBlock } from '../../shared/where-and-when.types.ts';

const styles = {
  section: { borderLeft: '4px solid #1d4ed8', margin: '16px 0', padding: '0 0 0 12px' },
  heading: { color: '#18181b', fontSize: '18px', margin: '0 0 8px' },
  title: { color: '#18181b', fontSize: '16px', fontWeight: 700, lineHeight: '24px', margin: '12px 0 2px' },
  line: { color: '#27272a', fontSize: '15px', lineHeight: '22px', margin: '0', overflowWrap: 'anywhere' },
  waiting: { color: '#7c2d12', fontSize: '15px', fontWeight: 700, lineHeight: '22px', margin: '0' },
} as const;

export function WhereAndWhen({ block }: { block?: WhereAndWhenBlock | undefined }) {
  if (!block) return null;
  return (
    <Section style={styles.section}>
      <Heading as="h2" style={styles.heading}>
        {block.heading}
      </Heading>
      {block.items.map((item) => (
        <Section key={item.title}>
          <Text style={styles.title}>{item.title}</Text>
          {item.waiting && <Text style={styles.waiting}>{item.waiting}</Text>}
          {item.lines.map((line) => (
            <Text key={line.label} style={styles.line}>
              {line.label}
              {block.colon}
              {line.text}
            </Text>
          ))}
        </Section>
      ))}
    </Section>
  );
}
